namespace Bifrost.Cli.Cluster;

/// <summary>Durations the way kubectl prints ages: the two largest units, <c>2h13m</c>, <c>4d2h</c>, <c>45s</c>.</summary>
internal static class Durations
{
    public static string Short(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        if (span.TotalDays >= 1)
            return span.Hours == 0 ? $"{(int)span.TotalDays}d" : $"{(int)span.TotalDays}d{span.Hours}h";
        if (span.TotalHours >= 1)
            return span.Minutes == 0 ? $"{span.Hours}h" : $"{span.Hours}h{span.Minutes}m";
        if (span.TotalMinutes >= 1)
            return span.Seconds == 0 ? $"{span.Minutes}m" : $"{span.Minutes}m{span.Seconds}s";
        return $"{span.Seconds}s";
    }
}
