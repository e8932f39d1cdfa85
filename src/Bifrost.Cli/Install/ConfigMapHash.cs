using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bifrost.Cli.Install;

/// <summary>
/// The suffix kustomize (v5) gives a generated ConfigMap's name: the SHA-256 of <c>{"data":…,"kind":"ConfigMap","name":""}</c>
/// as Go's encoding/json writes it (keys sorted, no spaces, HTML characters escaped), its first ten hex digits with
/// 0, 1, 3, a and e replaced so the suffix never reads as a number or a word. The name is empty because kustomize
/// looks it up as one key "metadata/name", which no ConfigMap has; matching that keeps the names equal. Rendering the
/// same name as <c>kubectl apply -k</c> lets a cluster move between the two ways of installing without a second ConfigMap.
/// </summary>
internal static class ConfigMapHash
{
    public static string Suffix(IReadOnlyDictionary<string, string> data)
    {
        var json = new StringBuilder("{\"data\":{");
        var first = true;
        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.Append(first ? "" : ",").Append(Quote(key)).Append(':').Append(Quote(value));
            first = false;
        }

        json.Append("},\"kind\":\"ConfigMap\",\"name\":\"\"}");
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToString())));
        return string.Concat(hex[..10].Select(c => c switch
        {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            _ => c,
        }));
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
