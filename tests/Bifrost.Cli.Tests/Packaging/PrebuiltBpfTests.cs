using System.Security.Cryptography;

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
}
