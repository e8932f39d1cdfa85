namespace Bifrost.Tracing.Tracing;

/// <summary>Record kinds written by the eBPF program (enum bf_event_kind in Bpf/bifrost.h).</summary>
internal enum EventKind : uint
{
    File = 1,
    Exec = 2,
    Script = 3,
    Socket = 4,
    Unix = 5,
    Capability = 6,
    Signal = 7,
    Ptrace = 8,
    Mount = 9,
    PathOperation = 10,
}
