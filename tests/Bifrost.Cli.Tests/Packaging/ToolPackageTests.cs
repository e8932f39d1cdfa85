using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Bifrost.Cli.Tests.Packaging;

/// <summary>The CLI as a .NET tool: packed, installed from the local package alone, and run as bifrost and as a kubectl plugin.</summary>
public sealed class ToolPackageTests
{
    private static readonly string BuiltVersion =
        typeof(ExitCodes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [RequiresFact(typeof(CliPackable))]
    public async Task InstalledTool_HelpAndVersion_AreThoseOfThisBuild()
    {
        var tool = await ToolPackage.GetAsync();

        var help = await Processes.RunAsync(tool.Command, ["--help"]);
        var version = await Processes.RunAsync(tool.Command, ["--version"]);

        Assert.True(help.ExitCode == 0, help.Stderr);
        Assert.Contains("Usage:\n  bifrost [command] [options]", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(BuiltVersion, version.Stdout.Trim());
        Assert.StartsWith(tool.Version, version.Stdout.Trim(), StringComparison.Ordinal);
    }

    [RequiresFact(typeof(CliPackable))]
    public async Task InstalledTool_InjectsFromStandardInput()
    {
        var tool = await ToolPackage.GetAsync();

        var run = await Processes.RunAsync(tool.Command, ["inject", "-f", "-"], stdin: SampleManifests.Pod);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("localhostProfile: bifrost_default_pod_tool_shell_learn", run.Stdout, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(CliPackable))]
    public async Task InstalledTool_LinkedOrCopiedAsKubectlBifrost_RunsTheSame()
    {
        var tool = await ToolPackage.GetAsync();
        var linked = Directory.CreateDirectory(Path.Combine(tool.Work, "linked")).FullName;
        File.CreateSymbolicLink(Path.Combine(linked, "kubectl-bifrost"), tool.Command);
        var copied = Path.Combine(Path.GetDirectoryName(tool.Command)!, "kubectl-bifrost");
        File.Copy(tool.Command, copied, overwrite: true);

        foreach (var plugin in new[] { Path.Combine(linked, "kubectl-bifrost"), copied })
        {
            var version = await Processes.RunAsync(plugin, ["--version"]);
            var mistyped = await Processes.RunAsync(plugin, ["profile", "check", "--nme", "x"]);

            Assert.True(version.ExitCode == 0, version.Stderr);
            Assert.Equal(BuiltVersion, version.Stdout.Trim());
            Assert.Equal(ExitCodes.Usage, mistyped.ExitCode);
            Assert.Contains("did you mean '--name'?", mistyped.Stderr, StringComparison.Ordinal);
        }
    }

    [RequiresFact(typeof(CliPackable), Tools = ["kubectl"])]
    public async Task Kubectl_FindsThePluginOnThePath()
    {
        var tool = await ToolPackage.GetAsync();
        var plugins = Directory.CreateDirectory(Path.Combine(tool.Work, "plugins")).FullName;
        var plugin = Path.Combine(plugins, "kubectl-bifrost");
        if (!File.Exists(plugin))
            File.CreateSymbolicLink(plugin, tool.Command);

        var path = plugins + ":" + Environment.GetEnvironmentVariable("PATH");
        var run = await Processes.RunAsync(Tools.Find("kubectl")!, ["bifrost", "--version"], new Dictionary<string, string> { ["PATH"] = path });

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(BuiltVersion, run.Stdout.Trim());
    }

    [RequiresFact(typeof(CliPackable))]
    public async Task Package_CarriesTheEbpfProgramsInTheTracingAssembly()
    {
        var tool = await ToolPackage.GetAsync();

        using var pe = new PEReader(new MemoryStream(tool.PackedFile("Bifrost.Tracing.dll")));
        var metadata = pe.GetMetadataReader();
        var resources = metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name)).ToList();

        Assert.Contains("bifrost.bpf.o", resources);
        Assert.Contains("bifrost-typed.bpf.o", resources);
    }
}
