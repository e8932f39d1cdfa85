using Bifrost.Cli.Learn;
using Bifrost.Core.Observations;

namespace Bifrost.Cli.Tests.Learn;

public sealed class LearnRootTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("bifrost-learn-root-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public void Parse_RootWithAShell_IsTheCommandsRoot()
    {
        var root = Directory.CreateDirectory(Path.Combine(work.FullName, "root", "bin")).Parent!.FullName;
        // A dangling link is enough: the root's /bin/sh resolves inside the root, not on the host.
        File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "/usr/bin/dash-that-only-the-root-has");

        var options = LearnCommandLine.Parse(["--root", root, "--format", "observations"]);

        Assert.Equal(root, options.Root);
        Assert.Null(LearnCommandLine.Parse(["--format", "observations"]).Root);
    }

    [Theory]
    [InlineData("missing", "is not a directory")]
    [InlineData("empty", "has no /bin/sh")]
    public async Task Learn_RootThatCannotRunTheCommand_IsAUsageErrorBeforeAnythingRuns(string name, string problem)
    {
        var root = Path.Combine(work.FullName, name);
        if (name == "empty")
            Directory.CreateDirectory(root);

        var run = await CliRunner.RunAsync("", "learn", "--root", root, "--", "/bin/true");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains($"--root: {root} {problem}", run.Error, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(Ebpf), Tools = ["ldd"])]
    public async Task Learn_InsideARoot_RecordsTheCommandsFilesAsItSeesThemAndNothingOfTheHost()
    {
        var root = Path.Combine(work.FullName, "root");
        await CopyWithLibraries("/bin/sh", root, "/bin/sh");
        await CopyWithLibraries("/bin/cat", root, "/bin/cat");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "greeting"), "hello from the root\n");
        var output = Path.Combine(work.FullName, "observations.json");

        var run = await CliRunner.RunAsync("", "learn", "--root", root, "--format", "observations", "-o", output, "--", "/bin/cat", "/etc/greeting");

        Assert.True(run.ExitCode == 0, run.Error);
        var observations = ObservationJson.Deserialize(await File.ReadAllTextAsync(output));
        var exec = Assert.Single(observations.OfType<ExecObservation>());
        Assert.Equal("/bin/cat", exec.Path);
        Assert.Contains(observations, o => o is FileObservation { Path: "/etc/greeting" } f && f.Access.HasFlag(AccessMask.Read));
        Assert.Contains(observations, o => o is FileObservation f && f.Path.EndsWith("/libc.so.6", StringComparison.Ordinal));
        var paths = observations.OfType<FileObservation>().Select(f => f.Path).Append(exec.Path).ToList();
        Assert.DoesNotContain(paths, p => p.Contains("chroot", StringComparison.Ordinal) || p.Contains("dash", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith(work.FullName, StringComparison.Ordinal));
    }

    /// <summary>Copies a host program and the shared objects ldd names for it into <paramref name="root"/>, at the same paths.</summary>
    private static async Task CopyWithLibraries(string program, string root, string path)
    {
        var ldd = await Processes.RunAsync(Tools.Find("ldd")!, [program]);
        Assert.True(ldd.ExitCode == 0, ldd.Stderr);
        var libraries = ldd.Stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ') is var words && words.Length >= 3 && words[1] == "=>" ? words[2] : words[0])
            .Where(library => library.StartsWith('/'));
        foreach (var (from, to) in libraries.Select(l => (l, l)).Append((program, path)))
        {
            var target = Path.Combine(root, to.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
