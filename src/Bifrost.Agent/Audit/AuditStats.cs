namespace Bifrost.Agent.Audit;

/// <summary>Counters of what the audit reader saw and lost; read by the metrics endpoint. Thread-safe.</summary>
internal sealed class AuditStats
{
    private long lines;
    private long records;
    private long lostNetlink;
    private long lostKmsg;
    private long lostKernel;
    private long kernelLostTotal;
    private long denied;
    private long reportsSent;
    private long reportFailures;
    private long reportsDropped;
    private long reportsPending;
    private long unattributed;

    public long Lines => Interlocked.Read(ref lines);
    public long Records => Interlocked.Read(ref records);

    /// <summary>Times the netlink socket's buffer overflowed (ENOBUFS): records the kernel dropped for this reader.</summary>
    public long LostNetlink => Interlocked.Read(ref lostNetlink);

    /// <summary>Times /dev/kmsg said records were overwritten before they were read (EPIPE).</summary>
    public long LostKmsg => Interlocked.Read(ref lostKmsg);

    /// <summary>Kernel lines reporting rate or backlog limits exceeded.</summary>
    public long LostKernel => Interlocked.Read(ref lostKernel);

    /// <summary>The kernel's own running total of lost records (<c>audit_lost=</c>), as last seen.</summary>
    public long KernelLostTotal => Interlocked.Read(ref kernelLostTotal);

    /// <summary>DENIED records of Bifrost's enforce profiles: each is a reason to roll a workload back.</summary>
    public long Denied => Interlocked.Read(ref denied);

    /// <summary>Reports the webhook's intake acknowledged, failed sends (each retried), and reports dropped at the queue's bound.</summary>
    public long ReportsSent => Interlocked.Read(ref reportsSent);
    public long ReportFailures => Interlocked.Read(ref reportFailures);
    public long ReportsDropped => Interlocked.Read(ref reportsDropped);
    public long ReportsPending => Interlocked.Read(ref reportsPending);

    /// <summary>Observations of profiles that belong to no workload (the bootstrap profile), so reported nowhere.</summary>
    public long Unattributed => Interlocked.Read(ref unattributed);

    public void DeniedRecord() => Interlocked.Increment(ref denied);
    public void ReportSent() => Interlocked.Increment(ref reportsSent);
    public void ReportFailed() => Interlocked.Increment(ref reportFailures);
    public void ReportDropped() => Interlocked.Increment(ref reportsDropped);
    public void Pending(int count) => Interlocked.Exchange(ref reportsPending, count);
    public void UnattributedTotal(long total) => Interlocked.Exchange(ref unattributed, total);

    public void Line() => Interlocked.Increment(ref lines);
    public void Record() => Interlocked.Increment(ref records);
    public void NetlinkOverflow() => Interlocked.Increment(ref lostNetlink);
    public void KmsgOverwritten() => Interlocked.Increment(ref lostKmsg);
    public void KernelLimit(int events) => Interlocked.Add(ref lostKernel, events);
    public void KernelTotal(long total) => Interlocked.Exchange(ref kernelLostTotal, total);
}
