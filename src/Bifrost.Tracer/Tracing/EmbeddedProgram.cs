namespace Bifrost.Tracer.Tracing;

/// <summary>The compiled eBPF object the build embedded in this assembly.</summary>
internal static class EmbeddedProgram
{
    private static byte[]? cached;

    public static byte[] Bytes()
    {
        if (cached is not null)
        {
            return cached;
        }
        using var stream = typeof(EmbeddedProgram).Assembly.GetManifestResourceStream("bifrost.bpf.o")
            ?? throw new TracerUnavailableException("the eBPF object is missing from the assembly (the build did not compile Bpf/bifrost.bpf.c)");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        cached = memory.ToArray();
        return cached;
    }
}
