using System.Globalization;

namespace Bifrost.Core.Learning;

/// <summary>Durations as Kubernetes users write them in annotations: <c>90s</c>, <c>30m</c>, <c>1h30m</c>.</summary>
public static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var span = text.AsSpan().Trim();
        var total = 0.0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
                digits++;
            var units = digits;
            while (units < span.Length && char.IsAsciiLetter(span[units]))
                units++;
            if (digits == 0 || units == digits ||
                !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                return false;
            double? seconds = span[digits..units] switch
            {
                "ms" => value / 1000,
                "s" => value,
                "m" => value * 60,
                "h" => value * 3600,
                "d" => value * 86400,
                _ => null,
            };
            if (seconds is not { } s)
                return false;
            total += s;
            span = span[units..];
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds % 3600 == 0 ? $"{duration.TotalHours:0}h"
        : duration.TotalSeconds % 60 == 0 ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalSeconds:0.###}s";
}
