using Bifrost.Tracer.Native;

namespace Bifrost.Tracer.Tracing;

/// <summary>Syscall tracepoints are attached by id, which libbpf reads from tracefs; mount it when absent.</summary>
internal static class TraceFs
{
    private const string Path = "/sys/kernel/tracing";

    public static void Ensure()
    {
        if (Directory.Exists(Path + "/events/syscalls") || Directory.Exists("/sys/kernel/debug/tracing/events/syscalls"))
        {
            return;
        }
        var errno = Libc.Mount("nodev", Path, "tracefs");
        if (errno != 0 && !Directory.Exists(Path + "/events/syscalls"))
        {
            throw new TracerUnavailableException($"tracefs is not mounted at {Path} and mounting it failed (errno {errno})");
        }
    }
}
