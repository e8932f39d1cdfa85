using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bifrost.Cli.Manifests;

/// <summary>
/// How plain YAML scalars resolve, following what Kubernetes' YAML reader (go-yaml, YAML 1.1 booleans) does,
/// so a manifest means the same after a round trip: plain <c>8080</c> is a number, plain <c>yes</c> a boolean,
/// and a string that would read back as anything else is written quoted.
/// </summary>
internal static partial class YamlScalars
{
    private static readonly HashSet<string> Nulls = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    private static readonly HashSet<string> Trues = new(StringComparer.Ordinal)
        { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y" };

    private static readonly HashSet<string> Falses = new(StringComparer.Ordinal)
        { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N" };

    /// <summary>The JSON value a plain (unquoted) scalar stands for.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        if (Nulls.Contains(text))
            return null;
        if (Trues.Contains(text))
            return JsonValue.Create(true);
        if (Falses.Contains(text))
            return JsonValue.Create(false);
        if (JsonNumber().IsMatch(text))
            return JsonNode.Parse(text);
        if (HexInteger().IsMatch(text) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        if (YamlFloat().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return JsonValue.Create(number);
        return JsonValue.Create(text);
    }

    /// <summary>True when a string written plain would read back as something other than that string.</summary>
    public static bool NeedsQuotes(string text) =>
        Nulls.Contains(text) || Trues.Contains(text) || Falses.Contains(text) ||
        NumberLike().IsMatch(text) || SpecialFloat().IsMatch(text);

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")]
    private static partial Regex HexInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlFloat();

    // Deliberately generous: quoting a string that would have stayed a string is harmless, the reverse is not.
    [GeneratedRegex(@"^[-+]?\.?[0-9][0-9a-fA-FxXoObB_.:eEtTzZ+-]*$")]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")]
    private static partial Regex SpecialFloat();
}
