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

    /// <summary>
    /// The JSON value a plain (unquoted) scalar stands for. With <paramref name="yaml12Booleans"/>, only true and false
    /// are booleans (<c>yes</c>, <c>on</c>, <c>Off</c> stay strings), as kustomize's reader (go-yaml v3) reads them.
    /// </summary>
    public static JsonNode? ResolvePlain(string text, bool yaml12Booleans = false)
    {
        if (Nulls.Contains(text))
            return null;
        if (yaml12Booleans && (Trues.Contains(text) || Falses.Contains(text)))
            return text.Equals("true", StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(true)
                : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(false)
                : JsonValue.Create(text);
        if (Trues.Contains(text))
            return JsonValue.Create(true);
        if (Falses.Contains(text))
            return JsonValue.Create(false);
        if (JsonNumber().IsMatch(text))
            return JsonNode.Parse(text);
        // 0440 is octal to go-yaml, v2 and v3 alike (a file mode such as defaultMode).
        if (OctalInteger().IsMatch(text))
            return JsonValue.Create(Convert.ToInt64(text[(text.StartsWith("0o", StringComparison.Ordinal) ? 2 : 1)..], 8));
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

    [GeneratedRegex(@"^0o?[0-7]+$")]
    private static partial Regex OctalInteger();

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
