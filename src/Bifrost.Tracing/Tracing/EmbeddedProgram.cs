namespace Bifrost.Tracing.Tracing;

/// <summary>The compiled eBPF objects the build embedded in this assembly.</summary>
internal static class EmbeddedProgram
{
    /// <summary>Reads file fields with probe reads: loads on every kernel with BTF.</summary>
    public const string Portable = "bifrost.bpf.o";

    /// <summary>Reads file fields as BTF-typed loads through bpf_rdonly_cast (Linux 6.2 and later).</summary>
    public const string Typed = "bifrost-typed.bpf.o";

    // Not cached: each is read once or twice at start, and a copy held for the tracer's lifetime is memory it never uses again.
    public static byte[] Bytes(string name = Portable)
    {
        using var stream = typeof(EmbeddedProgram).Assembly.GetManifestResourceStream(name)
            ?? throw new TracerUnavailableException($"the eBPF object {name} is missing from the assembly (the build did not compile Bpf/bifrost.bpf.c)");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
