using System.Globalization;

namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>Reads one sample from Prometheus text exposition, by its exact series (name and labels as printed).</summary>
internal static class MetricsText
{
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line.AsSpan(series.Length + 1), CultureInfo.InvariantCulture);
        }

        return null;
    }
}
