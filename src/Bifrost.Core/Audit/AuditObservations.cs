using System.Globalization;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Audit;

/// <summary>Turns the fields of one AppArmor record into the access it describes, by the record's kind.</summary>
internal static class AuditObservations
{
    public static Observation? From(string operation, string profile, IReadOnlyDictionary<string, string> fields)
    {
        var mask = fields.GetValueOrDefault("requested_mask") ?? fields.GetValueOrDefault("requested")
            ?? fields.GetValueOrDefault("denied_mask") ?? fields.GetValueOrDefault("denied") ?? "";
        var peer = fields.GetValueOrDefault("peer");
        var samePod = peer is not null && AuditRecordParser.ProfileOf(peer) == profile;

        switch (operation)
        {
            case "capable":
                return Capability(fields);
            case "signal":
                return HasWord(mask, "send") && fields.TryGetValue("signal", out var signal) && SignalNames.TryNumber(signal, out var number)
                    ? new SignalObservation { Container = "", Signal = number, SamePod = samePod }
                    : null;
            case "ptrace":
                var mode = HasWord(mask, "trace") ? "trace" : HasWord(mask, "read") ? "read" : null;
                return mode is null ? null : new PtraceObservation { Container = "", Mode = mode, SamePod = samePod };
            case "mount":
            case "remount":
                return fields.TryGetValue("name", out var target)
                    ? new MountObservation { Container = "", Target = target, Source = fields.GetValueOrDefault("srcname"), FsType = fields.GetValueOrDefault("fstype") }
                    : null;
            case "exec":
                return fields.TryGetValue("name", out var program) && program.StartsWith('/')
                    ? new ExecObservation { Container = "", Path = program }
                    : null;
        }

        if (fields.TryGetValue("family", out var family))
            return Socket(operation, family, fields);
        if (fields.TryGetValue("name", out var path) && path.StartsWith('/'))
        {
            var access = FileMasks.Parse(mask);
            return access == AccessMask.None ? null : new FileObservation { Container = "", Path = path, Access = access };
        }

        return null;
    }

    private static CapabilityObservation? Capability(IReadOnlyDictionary<string, string> fields)
    {
        if (fields.TryGetValue("capname", out var name) && name.Length > 0)
            return new CapabilityObservation { Container = "", Name = name.ToLowerInvariant() };
        return fields.TryGetValue("capability", out var number) && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && CapabilityNames.ByNumber(n) is { } known
            ? new CapabilityObservation { Container = "", Name = known }
            : null;
    }

    private static SocketObservation Socket(string operation, string family, IReadOnlyDictionary<string, string> fields)
    {
        var protocol = fields.TryGetValue("protocol", out var p) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var type = fields.GetValueOrDefault("sock_type") ?? "";
        if (family != "unix")
            return new SocketObservation { Container = "", Family = family, Type = type, Protocol = protocol };

        var unixOperation = operation is "connect" or "bind" ? operation : null;
        var address = operation == "bind" ? fields.GetValueOrDefault("addr") : fields.GetValueOrDefault("peer_addr") ?? fields.GetValueOrDefault("addr");
        if (address is "none" or "")
            address = null;
        return new SocketObservation
        {
            Container = "",
            Family = family,
            Type = type,
            Protocol = protocol,
            UnixPath = unixOperation is null ? null : address,
            UnixOperation = unixOperation is not null && address is not null ? unixOperation : null,
        };
    }

    private static bool HasWord(string mask, string word) =>
        mask.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(word, StringComparer.Ordinal);
}
