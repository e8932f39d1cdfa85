using System.Collections.Concurrent;

namespace Bifrost.Agent.Packages;

/// <summary>Counters of the package scan, read by the metrics endpoint. Thread-safe.</summary>
internal sealed class PackageStats
{
    /// <summary>What a read of an image's database can come to.</summary>
    public static readonly IReadOnlyList<string> ReadResults = ["read", "no-database", "failed", "no-process"];

    private readonly ConcurrentDictionary<string, long> reads = new(StringComparer.Ordinal);
    private long reportsSent;
    private long reportFailures;

    /// <summary>Database reads by result: <c>read</c>, <c>no-database</c>, <c>failed</c>, <c>no-process</c>.</summary>
    public IReadOnlyDictionary<string, long> Reads => reads;

    public long ReportsSent => Interlocked.Read(ref reportsSent);
    public long ReportFailures => Interlocked.Read(ref reportFailures);

    public void Read(string result) => reads.AddOrUpdate(result, 1, (_, n) => n + 1);

    public void Reported(bool ok) => Interlocked.Increment(ref ok ? ref reportsSent : ref reportFailures);
}
