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

    public void Line() => Interlocked.Increment(ref _lines);
    public void Record() => Interlocked.Increment(ref _records);
    public void NetlinkOverflow() => Interlocked.Increment(ref _lostNetlink);
    public void KmsgOverwritten() => Interlocked.Increment(ref _lostKmsg);
    public void KernelLimit(int events) => Interlocked.Add(ref _lostKernel, events);
    public void KernelTotal(long total) => Interlocked.Exchange(ref _kernelLostTotal, total);
}
