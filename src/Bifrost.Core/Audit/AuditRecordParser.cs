using System.Globalization;

namespace Bifrost.Core.Audit;

/// <summary>
/// Reads AppArmor access records in every shape a node produces: kernel lines from <c>/dev/kmsg</c>, dmesg or syslog
/// (<c>audit: type=1400 audit(…): apparmor=…</c>), audit-daemon lines (<c>type=AVC msg=audit(…): …</c>, raw or enriched)
/// and bare netlink payloads (<c>audit(…): …</c>). Fields are found by key, never by position, so fields a kernel adds
/// or leaves out do not shift the others. Never throws: anything that is not an AppArmor access record yields null.
/// </summary>
public static class AuditRecordParser
{
    private const string NullChildMarker = "//null-";

    public static AuditRecord? Parse(string? line)
    {
        if (string.IsNullOrEmpty(line) || !line.Contains("apparmor=", StringComparison.Ordinal))
            return null;

        var fields = AuditFields.Parse(line);
        if (!fields.TryGetValue("apparmor", out var verdictText) || !TryVerdict(verdictText, out var verdict))
            return null;
        if (!fields.TryGetValue("profile", out var label) || label.Length == 0)
            return null;
        var operation = fields.GetValueOrDefault("operation") ?? "";
        var profile = ProfileOf(label);
        var (time, serial) = Stamp(line);

        return new AuditRecord
        {
            Profile = profile,
            Label = label,
            Verdict = verdict,
            Operation = operation,
            Observation = AuditObservations.From(operation, profile, fields),
            Time = time,
            Serial = serial,
            Pid = fields.TryGetValue("pid", out var pid) && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null,
            Comm = fields.GetValueOrDefault("comm"),
        };
    }

    /// <summary>
    /// The profile whose rules govern a label: a <c>//null-</c> child (an exec without a transition rule in complain
    /// mode) and a hat both belong to their parent, and a trailing <c> (mode)</c> is not part of the name.
    /// </summary>
    public static string ProfileOf(string label)
    {
        var name = label;
        var mode = name.LastIndexOf(" (", StringComparison.Ordinal);
        if (mode > 0 && name.EndsWith(')'))
            name = name[..mode];
        var child = name.IndexOf(NullChildMarker, StringComparison.Ordinal);
        if (child > 0)
            return name[..child];
        var hat = name.IndexOf("//", StringComparison.Ordinal);
        return hat > 0 ? name[..hat] : name;
    }

    private static bool TryVerdict(string text, out AuditVerdict verdict)
    {
        switch (text)
        {
            case "ALLOWED":
                verdict = AuditVerdict.Allowed;
                return true;
            case "DENIED":
                verdict = AuditVerdict.Denied;
                return true;
            case "AUDIT":
                verdict = AuditVerdict.Audit;
                return true;
            default:
                verdict = default;
                return false;
        }
    }

    /// <summary>The <c>audit(1700000000.123:45)</c> stamp: the record's time and its serial number.</summary>
    private static (DateTimeOffset? Time, long? Serial) Stamp(string line)
    {
        var start = line.IndexOf("audit(", StringComparison.Ordinal);
        if (start < 0)
            return (null, null);
        var span = line.AsSpan(start + "audit(".Length);
        var close = span.IndexOf(')');
        if (close < 0)
            return (null, null);
        span = span[..close];
        var colon = span.IndexOf(':');
        if (colon < 0)
            return (null, null);
        long? serial = long.TryParse(span[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        DateTimeOffset? time = decimal.TryParse(span[..colon], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds < 253402300799m
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;
        return (time, serial);
    }
}
