namespace Bifrost.Reporting;

/// <summary>
/// Where a sender starts numbering its reports: the clock in microseconds, not 1. A restarted tracer or agent in
/// the same pod keeps its pod's uid, and must not number its reports below those already applied, which the
/// receiver would take for resends.
/// </summary>
public static class ReportSequence
{
    public static long First(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }
}
