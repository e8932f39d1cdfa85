using System.Runtime.InteropServices;
using Bifrost.Tracer.Native;

namespace Bifrost.Tracer.Tracing;

/// <summary>What tracing needs before anything is loaded, each missing piece named in one line.</summary>
public static class Preflight
{
    public const string BtfPath = "/sys/kernel/btf/vmlinux";

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

    public static void Check()
    {
        var problem = Problem();
        if (problem is not null)
        {
            throw new TracerUnavailableException(problem);
        }
    }
}
