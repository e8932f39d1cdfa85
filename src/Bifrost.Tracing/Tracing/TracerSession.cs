using System.Diagnostics;
using Bifrost.Tracing.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// The eBPF program loaded, configured for one scope and attached, with its ring buffer read on a dedicated
/// thread. Records reach <see cref="TraceEvent"/> handlers on that thread, one at a time.
/// </summary>
public sealed class TracerSession : IDisposable
{
    // Values of the kernel's cgroups map (BF_CG_* in bifrost.h).
    private const byte CgroupStarted = 1;
    private const byte CgroupExcluded = 2;

    private readonly BpfObject bpf;
    private readonly RingBufferReader reader;
    private readonly ILogger logger;
    private readonly CapabilitySource capabilities;
    private readonly int attached;
    private readonly TimeSpan timeToAttach;
    private bool disposed;

    private TracerSession(BpfObject bpf, RingBufferReader reader, ILogger logger, CapabilitySource capabilities, int attached, TimeSpan timeToAttach)
    {
        this.bpf = bpf;
        this.reader = reader;
        this.logger = logger;
        this.capabilities = capabilities;
        this.attached = attached;
        this.timeToAttach = timeToAttach;
    }

    /// <summary>Loads and attaches. Throws <see cref="TracerUnavailableException"/> with a one-line reason when it cannot.</summary>
    internal static TracerSession Start(TraceScope scope, TraceOptions settings, Action<TraceEvent> handler, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var problems = settings.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new TracerUnavailableException("Bifrost:Tracer:Trace: " + string.Join("; ", problems));
        }
        Preflight.Check();
        var clock = Stopwatch.StartNew();
        RecordWarmup.Run();
        var (source, reason) = HookProbe.Choose(EmbeddedProgram.Bytes(), settings);
        TracerLog.CapabilityHooks(logger, source, reason);
        var (bpf, build, plan, hooks) = ProgramLoader.LoadWithHooks(settings, source);
        var count = 0;
        // Syscall tracepoints are attached first, so a kernel that refuses one still gets the raw programs.
        // Until the config below names a scope, every program returns at once.
        try
        {
            count = plan.PerSyscall ? SyscallHooks.Attach(bpf, SyscallHooks.Root, plan.CapabilityChecks) : 0;
        }
        catch (BpfException e)
        {
            bpf.Dispose();
            hooks = "raw sys_enter/sys_exit: " + e.Message;
            plan = plan with { PerSyscall = false };
            (bpf, build) = ProgramLoader.Load(plan, settings);
        }
        TracerLog.SyscallHooks(logger, hooks);
        TracerLog.Build(logger, build);
        try
        {
            bpf.Update("bf_config_map", 0u, new BpfConfig
            {
                TargetCgroupId = scope.TargetCgroupId,
                TargetLevel = (uint)scope.TargetLevel,
                TracerTgid = (uint)Environment.ProcessId,
                PreciseCapabilities = source == CapabilitySource.Inferred ? 0u : 1u,
                WakeupBytes = (uint)settings.WakeupBytes,
            });
            foreach (var excluded in scope.Excluded)
            {
                bpf.Update("cgroups", excluded, CgroupExcluded);
            }
            var reader = new RingBufferReader(bpf.MapFd("events"), record =>
            {
                var e = TraceEvent.Decode(record);
                if (e is not null)
                {
                    handler(e);
                }
            });
            count += bpf.AttachAll(SyscallHooks.Manual);
            _ = Libc.TrimNativeHeap();
            clock.Stop();
            TracerLog.Attached(logger, count, clock.Elapsed.TotalMilliseconds, scope.TargetCgroupId, scope.TargetLevel);
            return new TracerSession(bpf, reader, logger, source, count, clock.Elapsed);
        }
        catch (BpfException e)
        {
            bpf.Dispose();
            throw new TracerUnavailableException("attaching the eBPF program: " + e.Message, e);
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }

    /// <summary>Counters so far (read from the kernel's counter map).</summary>
    public TracerStats Stats()
    {
        var counters = disposed ? default : bpf.Lookup<uint, BpfCounters>("counters", 0u);
        return new TracerStats
        {
            Emitted = counters.Emitted,
            Dropped = counters.Dropped,
            Capabilities = capabilities,
            AttachedPrograms = attached,
            TimeToAttach = timeToAttach,
        };
    }

    /// <summary>Marks a cgroup as started without waiting for its first exec (a container already running when the tracer came up).</summary>
    public void MarkStarted(ulong cgroupId) => bpf.Update("cgroups", cgroupId, CgroupStarted);

    /// <summary>Stops reading after draining what the kernel already wrote; returns the final counters.</summary>
    public TracerStats Stop()
    {
        reader.Stop();
        if (reader.PollError != 0)
        {
            TracerLog.PollFailed(logger, BpfException.Describe(reader.PollError));
        }
        var stats = Stats();
        if (stats.Dropped > 0)
        {
            TracerLog.Dropped(logger, stats.Dropped);
        }
        return stats;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        reader.Dispose();
        bpf.Dispose();
        disposed = true;
    }
}
