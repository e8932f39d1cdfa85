using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

// Mirrors of the structs in Bpf/bifrost.h; the layouts must match byte for byte.

[StructLayout(LayoutKind.Sequential)]
internal struct BpfConfig
{
    public ulong TargetCgroupId;
    public uint TargetLevel;
    public uint TracerTgid;
    public uint PreciseCapabilities;
    public uint WakeupBytes;
}

[StructLayout(LayoutKind.Sequential)]
internal struct BpfCounters
{
    public ulong Dropped;
    public ulong Emitted;
}

[StructLayout(LayoutKind.Sequential)]
internal struct BpfEventHeader
{
    public uint Kind;
    public uint Pid;
    public ulong CgroupId;
    public uint A;
    public uint B;
    public uint C;
    public ushort Length1;
    public ushort Length2;
    public ushort Length3;
    public ushort Length4;
    public uint Padding;
}
