namespace Bifrost.Core.Relevancy;

/// <summary>When a container was watched, as far as the input says, and over how many pods.</summary>
public sealed record ObservationWindow(DateTimeOffset? From, DateTimeOffset? To, int? Pods)
{
    public bool IsKnown => From is not null || To is not null || Pods is not null;

    /// <summary>In words for a VEX impact statement: <c>from 2025-09-26T08:27:14Z to 2025-09-27T08:00:00Z over 3 pods</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (From is { } from)
            parts.Add("from " + from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        if (To is { } to)
            parts.Add("to " + to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        if (Pods is { } pods)
            parts.Add($"over {pods} pod{(pods == 1 ? "" : "s")}");
        return string.Join(' ', parts);
    }
}
