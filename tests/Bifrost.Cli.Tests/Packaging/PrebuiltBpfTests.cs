using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Bifrost.Cli.Tests.Packaging;

/// <summary>
/// src/Bifrost.Tracing/Bpf/prebuilt: what a build without clang, bpftool and BTF embeds (and so what the CLI package
/// carries there). A change to the eBPF sources must come with the objects compiled from it.
/// </summary>
public sealed class PrebuiltBpfTests
{
    private static readonly string Bpf = Repository.Path("src", "Bifrost.Tracing", "Bpf");

    [Fact]
    public void PrebuiltObjects_WereCompiledFromTheSourcesInTheTree()
    {
        var recorded = File.ReadAllLines(Path.Combine(Bpf, "prebuilt", "sources.sha256"))
            .Select(line => line.Split("  ", 2))
            .ToDictionary(f => f[1], f => f[0], StringComparer.Ordinal);
        var sources = Directory.GetFiles(Bpf, "*.h").Append(Path.Combine(Bpf, "bifrost.bpf.c")).Append(Path.Combine(Bpf, "syscalls.tbl"));

        var actual = sources.ToDictionary(path => Path.GetFileName(path), path => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), StringComparer.Ordinal);

        Assert.True(recorded.Count == actual.Count && !recorded.Except(actual).Any(),
            "Bpf/prebuilt/ was compiled from other sources than Bpf/ holds; build where clang, llvm-strip and bpftool are, which refreshes it, and commit it. Differs: " +
            string.Join(", ", actual.Where(a => recorded.GetValueOrDefault(a.Key) != a.Value).Select(a => a.Key)));
    }

    [Theory]
    [InlineData("bifrost.bpf.o")]
    [InlineData("bifrost-typed.bpf.o")]
    public void PrebuiltObject_IsAnEbpfElfWithBtf(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Bpf, "prebuilt", name));

        Assert.Equal("\x7f" + "ELF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(247, BitConverter.ToUInt16(bytes, 18)); // e_machine EM_BPF
        Assert.True(bytes.AsSpan().IndexOf(".BTF.ext"u8) >= 0, "no .BTF.ext section: CO-RE relocations are missing");
    }

    [RequiresFact(typeof(CliPackable))]
    public async Task Build_WithoutClangOnThePath_EmbedsThePrebuiltObjects()
    {
        var (exit, output) = await EmbedBpfAsync(withoutToolchain: true);

        Assert.True(exit == 0, output);
        var properties = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!["Properties"]!;
        Assert.Equal(Path.Combine(Bpf, "prebuilt", "bifrost.bpf.o"), (string?)properties["BpfObject"]);
        Assert.Equal(Path.Combine(Bpf, "prebuilt", "bifrost-typed.bpf.o"), (string?)properties["BpfTypedObject"]);
    }

    [RequiresFact(typeof(CliPackable))]
    public async Task Build_WithoutClangAndWithObjectsFromOtherSources_StopsSayingSo()
    {
        var digest = Path.GetTempFileName();
        await File.WriteAllTextAsync(digest, "0000  bifrost.bpf.c\n");
        try
        {
            var (exit, output) = await EmbedBpfAsync(withoutToolchain: true, "-p:BpfSourceDigest=" + digest);

            Assert.NotEqual(0, exit);
            Assert.Contains("Bpf/prebuilt/ was not built from the sources in Bpf/", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(digest);
        }
    }

    /// <summary>Runs Bifrost.Tracing's EmbedBpf target alone, optionally with a PATH of dotnet and sh only (no clang, llvm-strip, bpftool).</summary>
    private static async Task<(int Exit, string Output)> EmbedBpfAsync(bool withoutToolchain, params string[] properties)
    {
        var path = Directory.CreateTempSubdirectory("bifrost-path-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(path.FullName, "dotnet"), Tools.Find("dotnet")!);
            File.CreateSymbolicLink(Path.Combine(path.FullName, "sh"), "/bin/sh");
            var env = new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" };
            if (withoutToolchain)
                env["PATH"] = path.FullName;
            var run = await Processes.RunAsync("dotnet", ["msbuild", Repository.Path("src", "Bifrost.Tracing"), "-t:EmbedBpf", "-nologo",
                $"-p:Configuration={ToolPackage.Configuration}", "-getProperty:BpfObject", "-getProperty:BpfTypedObject", .. properties], env);
            return (run.ExitCode, run.Stdout + run.Stderr);
        }
        finally
        {
            path.Delete(recursive: true);
        }
    }
}
