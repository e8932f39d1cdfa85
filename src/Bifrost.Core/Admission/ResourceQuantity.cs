using System.Globalization;
using System.Text.RegularExpressions;

namespace Bifrost.Core.Admission;

/// <summary>
/// Kubernetes resource quantities (<c>20m</c>, <c>64Mi</c>, <c>1.5</c>, <c>1e3</c>) as the API server reads them, so a
/// tracer setting it would reject is caught at start rather than on every pod the webhook patches.
/// </summary>
public static partial class ResourceQuantity
{
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (text is null || Format().Match(text) is not { Success: true } match)
            return false;
        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;
        var suffix = match.Groups["suffix"].Value;
        try
        {
            value = number * Multiplier(suffix);
        }
        catch (OverflowException)
        {
            return false;
        }

        return true;
    }

    private static decimal Multiplier(string suffix) => suffix switch
    {
        "" => 1m,
        "n" => 1e-9m,
        "u" => 1e-6m,
        "m" => 1e-3m,
        "k" => 1e3m,
        "M" => 1e6m,
        "G" => 1e9m,
        "T" => 1e12m,
        "P" => 1e15m,
        "E" => 1e18m,
        "Ki" => 1024m,
        "Mi" => 1024m * 1024,
        "Gi" => 1024m * 1024 * 1024,
        "Ti" => 1024m * 1024 * 1024 * 1024,
        "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
        "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
        _ => Exponent(suffix),
    };

    private static decimal Exponent(string suffix)
    {
        var exponent = int.Parse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent is < -18 or > 18)
            throw new OverflowException();
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
            result = exponent > 0 ? result * 10 : result / 10;
        return result;
    }

    // Tracer resources are never negative, so the sign the API server also accepts is left out on purpose.
    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<suffix>[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
