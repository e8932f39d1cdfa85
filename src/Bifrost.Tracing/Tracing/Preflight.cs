using System.Runtime.InteropServices;
using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>What tracing needs before anything is loaded, each missing piece named in one line.</summary>
public static class Preflight
{
    public const string BtfPath = "/sys/kernel/btf/vmlinux";

    /// <summary>bpf_loop (the path walk), BTF tracepoints and the ring buffer are all there from Linux 5.17.</summary>
    public static readonly Version MinimumKernel = new(5, 17);

    /// <summary>The reason tracing cannot run here, or null when it can.</summary>
    public static string? Problem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tracing needs Linux";
        }
        if (Libc.GetEffectiveUserId() != 0)
        {
            return "tracing needs root (eBPF programs and cgroups); run it with sudo";
        }
        if (KernelTooOld(Environment.OSVersion.Version) is { } old)
        {
            return old;
        }
        if (!File.Exists(BtfPath))
        {
            return $"tracing needs kernel BTF ({BtfPath} is missing; use a kernel built with CONFIG_DEBUG_INFO_BTF=y)";
        }
        if (!NativeLibrary.TryLoad("libbpf.so.1", out var lib))
        {
            return "tracing needs libbpf.so.1 (install the Debian package libbpf1)";
        }
        NativeLibrary.Free(lib);
        return null;
    }

    /// <summary>Why this kernel release cannot run the program, or null when it is new enough.</summary>
    public static string? KernelTooOld(Version kernel) =>
        kernel.Major == 0 || kernel >= MinimumKernel
            ? null
            : $"tracing needs Linux {MinimumKernel.Major}.{MinimumKernel.Minor} or later (bpf_loop, BTF tracepoints); this kernel is {kernel.Major}.{kernel.Minor}";

    public static void Check()
    {
        var problem = Problem();
        if (problem is not null)
        {
            throw new TracerUnavailableException(problem);
        }
    }
}
