using System.IO.Compression;

namespace Bifrost.Cli.Tests.Packaging;

/// <summary>
/// The CLI packed as <c>make pack</c> packs it (into a temporary folder, from this test run's build) and installed from
/// that folder alone into a temporary tool path, once per test run.
/// </summary>
public static class ToolPackage
{
    private static readonly Lazy<Task<Installed>> Once = new(InstallAsync);

    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static Task<Installed> GetAsync() => Once.Value;

    private static async Task<Installed> InstallAsync()
    {
        var work = Directory.CreateTempSubdirectory("bifrost-tool-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(work, recursive: true);
        var packages = Path.Combine(work, "packages");
        var pack = await Processes.RunAsync("dotnet", ["pack", Repository.Path("src", "Bifrost.Cli"), "-c", Configuration, "--no-build", "-o", packages, "--nologo", "-v", "quiet"], Environment());
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.Stdout}\n{pack.Stderr}");
        var package = Assert.Single(Directory.GetFiles(packages, "bifrost.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["bifrost.".Length..];

        // --source replaces every configured feed: the install needs nothing but the folder, as the README says.
        var tools = Path.Combine(work, "tools");
        var install = await Processes.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--source", packages, "bifrost", "--version", version], Environment(), workingDirectory: work);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Stdout}\n{install.Stderr}");
        return new Installed(work, package, version, Path.Combine(tools, "bifrost"));
    }

    private static Dictionary<string, string> Environment() => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    public sealed record Installed(string Work, string Package, string Version, string Command)
    {
        public byte[] PackedFile(string name)
        {
            using var zip = ZipFile.OpenRead(Package);
            var entry = zip.Entries.Single(e => e.FullName.EndsWith("/" + name, StringComparison.Ordinal));
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
