using System.Globalization;

namespace Bifrost.Core.Audit;

/// <summary>
/// Splits an audit record into its <c>key=value</c> fields. Values come quoted (<c>name="/etc/passwd"</c>), bare
/// (<c>pid=42</c>), or hex-encoded when the kernel found them untrusted (a space, a quote or a control character:
/// <c>name=2F746D702F6120622E747874</c>). Whatever follows auditd's enriched-format separator (0x1D) is the
/// daemon's interpretation of fields already present and is dropped.
/// </summary>
public static class AuditFields
{
    /// <summary>The enriched-format separator auditd writes before its translated fields.</summary>
    public const char EnrichedSeparator = '\u001d';

    /// <summary>Fields the kernel logs with <c>audit_log_untrustedstring</c>: bare hex means encoded text.</summary>
    private static readonly HashSet<string> UntrustedStrings = new(StringComparer.Ordinal)
    {
        "name", "comm", "profile", "peer", "target", "srcname", "fstype", "addr", "peer_addr", "label", "exe",
        "info", "namespace", "peer_namespace", "flags", "execpath", "path",
    };

    /// <summary>Every field of <paramref name="line"/>; the first occurrence of a key wins.</summary>
    public static Dictionary<string, string> Parse(ReadOnlySpan<char> line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var enriched = line.IndexOf(EnrichedSeparator);
        if (enriched >= 0)
            line = line[..enriched];

        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
                i++;
            var keyStart = i;
            while (i < line.Length && line[i] != '=' && !char.IsWhiteSpace(line[i]))
                i++;
            if (i >= line.Length || line[i] != '=' || i == keyStart)
            {
                SkipToken(line, ref i);
                continue;
            }

            var key = line[keyStart..i].ToString();
            i++;
            var (value, quoted) = ReadValue(line, ref i);
            if (!quoted && UntrustedStrings.Contains(key) && TryDecodeHex(value, out var decoded))
                value = decoded;
            fields.TryAdd(key, value);
        }

        return fields;
    }

    private static (string Value, bool Quoted) ReadValue(ReadOnlySpan<char> line, ref int i)
    {
        if (i < line.Length && line[i] == '"')
        {
            var close = line[(i + 1)..].IndexOf('"');
            if (close >= 0)
            {
                var quoted = line.Slice(i + 1, close).ToString();
                i += close + 2;
                return (quoted, true);
            }

            // An unterminated quote (a truncated line): take the rest as the value.
            var rest = line[(i + 1)..].ToString();
            i = line.Length;
            return (rest, true);
        }

        var start = i;
        while (i < line.Length && !char.IsWhiteSpace(line[i]))
            i++;
        return (line[start..i].ToString(), false);
    }

    private static void SkipToken(ReadOnlySpan<char> line, ref int i)
    {
        while (i < line.Length && !char.IsWhiteSpace(line[i]))
            i++;
    }

    private static bool TryDecodeHex(string value, out string decoded)
    {
        decoded = value;
        if (value.Length < 2 || value.Length % 2 != 0)
            return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitUpper(c) && !char.IsAsciiDigit(c))
                return false;
        }

        var bytes = new byte[value.Length / 2];
        for (var b = 0; b < bytes.Length; b++)
            bytes[b] = byte.Parse(value.AsSpan(b * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        decoded = System.Text.Encoding.UTF8.GetString(bytes);
        return true;
    }
}
