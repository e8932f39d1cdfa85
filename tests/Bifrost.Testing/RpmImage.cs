namespace Bifrost.Testing;

/// <summary>
/// A root filesystem holding a real rpm database, made once per run by the real rpm: three packages built with
/// rpmbuild (hello with an epoch, a program, a shared object and a config; libgreet, a library; bigdata, noarch with
/// <see cref="ManyFiles"/> files so its header spills onto overflow pages) and recorded with <c>rpm -i --justdb</c>, which
/// writes the database without unpacking any file. <see cref="Queried"/> and <see cref="Listed"/> are what rpm itself
/// says of that database. Tests using it need rpm and rpmbuild (<c>[RequiresFact("rpm", "rpmbuild")]</c>).
/// </summary>
public sealed class RpmImage
{
    public const int ManyFiles = 3000;

    private static readonly Lazy<Task<RpmImage>> Shared = new(CreateAsync);

    private const string Hello = """
        Name: hello
        Epoch: 2
        Version: 1.2
        Release: 3.el9
        Summary: a program, its library and its config
        License: MIT
        %description
        A program, its library and its config.
        %install
        mkdir -p %{buildroot}/usr/bin %{buildroot}/usr/lib64 %{buildroot}/etc
        echo hello > %{buildroot}/usr/bin/hello
        echo hello > %{buildroot}/usr/lib64/libhello.so.1
        echo greeting=hello > %{buildroot}/etc/hello.conf
        %files
        /usr/bin/hello
        /usr/lib64/libhello.so.1
        %config(noreplace) /etc/hello.conf
        """;

    private const string Greet = """
        Name: libgreet
        Version: 0.9
        Release: 1.fc40
        Summary: a library
        License: MIT
        %description
        A library.
        %install
        mkdir -p %{buildroot}/usr/lib64
        echo greet > %{buildroot}/usr/lib64/libgreet.so.0
        %files
        /usr/lib64/libgreet.so.0
        """;

    private const string Big = """
        Name: bigdata
        Version: 5
        Release: 1
        BuildArch: noarch
        Summary: many files
        License: MIT
        %description
        Many files.
        %install
        for d in $(seq -w 0 29); do
          mkdir -p %{buildroot}/usr/share/bigdata/d$d
          for f in $(seq -w 0 99); do : > %{buildroot}/usr/share/bigdata/d$d/file-$f.txt; done
        done
        %files
        /usr/share/bigdata
        """;

    private RpmImage(string root, IReadOnlyList<string> queried, IReadOnlyDictionary<string, List<string>> listed)
    {
        Root = root;
        Queried = queried;
        Listed = listed;
    }

    public string Root { get; }

    public string Database => Path.Combine(Root, "var", "lib", "rpm", "rpmdb.sqlite");

    /// <summary><c>rpm -qa</c>: <c>NAME [EPOCH:]VERSION-RELEASE ARCH</c>, one line per package, sorted.</summary>
    public IReadOnlyList<string> Queried { get; }

    /// <summary>Each package's files as <c>rpm -ql</c> lists them.</summary>
    public IReadOnlyDictionary<string, List<string>> Listed { get; }

    public static Task<RpmImage> GetAsync() => Shared.Value;

    /// <summary>A fresh directory holding a copy of the image's files, for a test that changes them.</summary>
    public DirectoryInfo Copy()
    {
        var copy = Directory.CreateTempSubdirectory("bifrost-rpm-copy-");
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.FullName, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static async Task<RpmImage> CreateAsync()
    {
        var work = Directory.CreateTempSubdirectory("bifrost-rpm-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(work);
        var top = Path.Combine(work.FullName, "build");
        var packages = new List<string>();
        foreach (var (name, spec) in new[] { ("hello", Hello), ("libgreet", Greet), ("bigdata", Big) })
        {
            var file = Path.Combine(work.FullName, name + ".spec");
            await File.WriteAllTextAsync(file, spec);
            await Run("rpmbuild", "-bb", "--quiet", "--target", "x86_64",
                "--define", "_topdir " + top,
                "--define", "_build_id_links none",
                "--define", "debug_package %{nil}",
                "--define", "__os_install_post %{nil}",
                "--define", "_binary_payload w0.ufdio",
                file);
        }

        packages.AddRange(Directory.GetFiles(Path.Combine(top, "RPMS"), "*.rpm", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        var root = Path.Combine(work.FullName, "root");
        var dbpath = Path.Combine(root, "var", "lib", "rpm");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "os-release"), "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"9.3\"\n");
        await Run("rpm", ["--dbpath", dbpath, "-i", "--justdb", "--nodeps", "--noscripts", "--ignorearch", "--ignoreos", .. packages]);

        var queried = await Run("rpm", "--dbpath", dbpath, "-qa", "--qf", "%{NAME} %|EPOCH?{%{EPOCH}:}|%{VERSION}-%{RELEASE} %{ARCH}\\n");
        var listed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in Lines(await Run("rpm", "--dbpath", dbpath, "-qa", "--qf", "[%{=NAME} %{FILENAMES}\\n]")))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (!listed.TryGetValue(line[..space], out var files))
                listed[line[..space]] = files = [];
            files.Add(line[(space + 1)..]);
        }

        return new RpmImage(root, [.. Lines(queried).Order(StringComparer.Ordinal)], listed);
    }

    public static void Delete(DirectoryInfo directory)
    {
        if (Directory.Exists(directory.FullName))
            directory.Delete(recursive: true);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string> Run(string tool, params string[] args)
    {
        var result = await Processes.RunAsync(tool, args);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }
}
