using System.Globalization;
using System.Text.RegularExpressions;
using Bifrost.Tracer.Tests.Cgroups;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests;

/// <summary>eBPF tracing of real processes (root, BTF, libbpf, a kernel that loads the program): the tracer's own preflight.</summary>
public sealed class Ebpf : IRequirement
{
    public string? Problem => Preflight.Problem();
}

/// <summary>Making real cgroups under the machine's cgroup2 mount.</summary>
public sealed class RealCgroups : IRequirement
{
    public string? Problem => CgroupTree.Problem();
}

/// <summary>runc making a container's cgroup: a probe runs <c>true</c> in a throwaway bundle first.</summary>
public sealed class Runc : IRequirement
{
    public string? Problem => CgroupTree.Problem() ?? (Tools.Find("runc") is null ? "runc is not on PATH" : Probe());

    private static string? Probe()
    {
        using var tree = new CgroupTree();
        using var bundle = new RuncBundle();
        var problem = bundle.Run($"{tree.Prefix}-probe", $"/{tree.Prefix}/probe", detach: false, "true");
        return problem is null ? null : "runc cannot run a container here: " + problem;
    }
}

/// <summary>
/// fentry on cap_capable loads on this kernel (a kernel in lockdown refuses it). The kernel VM tier (tests/vm) runs
/// these tests on a kernel that allows both hooks.
/// </summary>
public sealed class FentryHook : IRequirement
{
    public string? Problem => CapabilityHookProblem(CapabilityHook.Fentry);

    internal static string? CapabilityHookProblem(CapabilityHook hook)
    {
        if (Preflight.Problem() is { } problem)
            return problem;
        var (source, reason) = HookProbe.Choose(EmbeddedProgram.Bytes(), new TraceOptions { CapabilityHook = hook });
        return source == CapabilitySource.Inferred ? $"this kernel refuses the {hook} hook on cap_capable: {reason}" : null;
    }
}

/// <summary>kprobe on cap_capable loads on this kernel (kprobes may not be built in).</summary>
public sealed class KprobeHook : IRequirement
{
    public string? Problem => FentryHook.CapabilityHookProblem(CapabilityHook.Kprobe);
}

/// <summary>
/// The LSM-hook path loads on this kernel (fexit on the security_* hooks, with fentry on cap_capable). The kernel VM
/// tier (tests/vm) runs these tests on a kernel that allows it.
/// </summary>
public sealed class LsmHooks : IRequirement
{
    public string? Problem
    {
        get
        {
            if (FentryHook.CapabilityHookProblem(CapabilityHook.Fentry) is { } problem)
                return problem;
            try
            {
                ProgramLoader.LoadWithHooks(new TraceOptions { Hooks = HookPath.Lsm }, CapabilitySource.Fentry).Bpf.Dispose();
                return null;
            }
            catch (TracerUnavailableException e)
            {
                return "this kernel refuses the LSM hooks: " + e.Message;
            }
        }
    }
}

/// <summary>Syscall tracepoints where libbpf looks for them (root, tracefs mounted).</summary>
public sealed class SyscallTracepoints : IRequirement
{
    public string? Problem =>
        Directory.Exists(Path.Combine(SyscallHooks.Root, "events", "syscalls", "sys_exit_openat"))
            ? null
            : $"no syscall tracepoints under {SyscallHooks.Root} (tracefs not mounted, or not root)";
}

/// <summary>The x86_64 syscall numbers of the kernel's uapi headers (Debian's linux-libc-dev).</summary>
public sealed partial class UapiSyscallNumbers : IRequirement
{
    public const string Header = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";

    public string? Problem => File.Exists(Header) ? null : $"{Header} is absent (apt-get install linux-libc-dev)";

    public static Dictionary<string, int> Read() =>
        Define().Matches(File.ReadAllText(Header)).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^#define __NR_(\w+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Define();
}
