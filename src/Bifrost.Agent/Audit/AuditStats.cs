namespace Bifrost.Agent.Audit;

/// <summary>Counters of what the audit reader saw and lost; read by the metrics endpoint. Thread-safe.</summary>
internal sealed class AuditStats
{
    private long _lines;
    private long _records;
    private long _lostNetlink;
    private long _lostKmsg;
    private long _lostKernel;
    private long _kernelLostTotal;
    private long _denied;
    private long _reportsSent;
    private long _reportFailures;
    private long _reportsDropped;
    private long _reportsPending;
    private long _unattributed;

    public long Lines => Interlocked.Read(ref _lines);
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Times the netlink socket's buffer overflowed (ENOBUFS): records the kernel dropped for this reader.</summary>
    public long LostNetlink => Interlocked.Read(ref _lostNetlink);

    /// <summary>Times /dev/kmsg said records were overwritten before they were read (EPIPE).</summary>
    public long LostKmsg => Interlocked.Read(ref _lostKmsg);

    /// <summary>Kernel lines reporting rate or backlog limits exceeded.</summary>
    public long LostKernel => Interlocked.Read(ref _lostKernel);

    /// <summary>The kernel's own running total of lost records (<c>audit_lost=</c>), as last seen.</summary>
    public long KernelLostTotal => Interlocked.Read(ref _kernelLostTotal);

    /// <summary>DENIED records of Bifrost's enforce profiles: each is a reason to roll a workload back.</summary>
    public long Denied => Interlocked.Read(ref _denied);

    /// <summary>Reports the webhook's intake acknowledged, failed sends (each retried), and reports dropped at the queue's bound.</summary>
    public long ReportsSent => Interlocked.Read(ref _reportsSent);
    public long ReportFailures => Interlocked.Read(ref _reportFailures);
    public long ReportsDropped => Interlocked.Read(ref _reportsDropped);
    public long ReportsPending => Interlocked.Read(ref _reportsPending);

    /// <summary>Observations of profiles that belong to no workload (the bootstrap profile), so reported nowhere.</summary>
    public long Unattributed => Interlocked.Read(ref _unattributed);

    public void DeniedRecord() => Interlocked.Increment(ref _denied);
    public void ReportSent() => Interlocked.Increment(ref _reportsSent);
    public void ReportFailed() => Interlocked.Increment(ref _reportFailures);
    public void ReportDropped() => Interlocked.Increment(ref _reportsDropped);
    public void Pending(int count) => Interlocked.Exchange(ref _reportsPending, count);
    public void UnattributedTotal(long total) => Interlocked.Exchange(ref _unattributed, total);

    public void Line() => Interlocked.Increment(ref _lines);
    public void Record() => Interlocked.Increment(ref _records);
    public void NetlinkOverflow() => Interlocked.Increment(ref _lostNetlink);
    public void KmsgOverwritten() => Interlocked.Increment(ref _lostKmsg);
    public void KernelLimit(int events) => Interlocked.Add(ref _lostKernel, events);
    public void KernelTotal(long total) => Interlocked.Exchange(ref _kernelLostTotal, total);
}
