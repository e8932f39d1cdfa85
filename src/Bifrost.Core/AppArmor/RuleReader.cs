namespace Bifrost.Core.AppArmor;

/// <summary>Turns the tokens of one rule (without its ',') into a <see cref="ProfileRule"/>.</summary>
internal static class RuleReader
{
    private static readonly HashSet<string> SocketTypes = new(StringComparer.Ordinal) { "stream", "dgram", "seqpacket", "rdm", "raw", "packet" };

    private static readonly HashSet<string> Unchecked = new(StringComparer.Ordinal)
    {
        "dbus", "rlimit", "set", "change_profile", "change_hat", "link", "umount", "unmount", "remount", "pivot_root", "userns", "io_uring", "mqueue", "all",
    };

    /// <summary>The rule, or null with <paramref name="skipped"/> saying why it is not checked.</summary>
    /// <exception cref="FormatException">The rule is malformed.</exception>
    public static ProfileRule? Read(List<ProfileToken> tokens, out string skipped)
    {
        skipped = "";
        var (deny, audit, owner) = (false, false, false);
        var i = 0;
        for (; i < tokens.Count && tokens[i].Kind == ProfileTokenKind.Word; i++)
        {
            var word = tokens[i].Text;
            if (word == "deny") deny = true;
            else if (word == "audit") audit = true;
            else if (word == "owner") owner = true;
            else if (word != "allow" && word != "quiet") break;
        }
        var rest = tokens.GetRange(i, tokens.Count - i);
        if (rest.Count == 0)
            throw new FormatException($"line {tokens[0].Line}: rule has qualifiers but no body");
        var head = rest[0];
        ProfileRule? rule = head.Kind == ProfileTokenKind.Word ? head.Text switch
        {
            "capability" => new CapabilityRule { Names = Values(rest, 1) },
            "network" => ReadNetwork(rest),
            "signal" => ReadSignal(rest),
            "ptrace" => ReadPtrace(rest),
            "unix" => ReadUnix(rest),
            "mount" => ReadMount(rest),
            "file" when rest.Count == 1 => new FileRule { Path = "/{**,}", Permissions = AllFile, ExecMode = "ix", Owner = owner },
            "file" => ReadFile(rest.GetRange(1, rest.Count - 1), owner),
            _ when Unchecked.Contains(head.Text) => null,
            _ => ReadFile(rest, owner),
        } : ReadFile(rest, owner);
        if (rule is null)
        {
            skipped = $"'{head.Text}' rules are not checked";
            return null;
        }
        return rule with { Deny = deny, Audit = audit };
    }

    private const FilePermissions AllFile = FilePermissions.Read | FilePermissions.Write | FilePermissions.Link
        | FilePermissions.Lock | FilePermissions.Mmap | FilePermissions.Exec | FilePermissions.Append;

    private static List<string> Values(List<ProfileToken> tokens, int from) =>
        [.. tokens.Skip(from).Where(t => t.IsValue).Select(t => t.Text)];

    private static NetworkRule ReadNetwork(List<ProfileToken> tokens)
    {
        var words = Values(tokens, 1);
        string? family = null, type = null;
        foreach (var word in words)
        {
            var mapped = word switch { "tcp" => "stream", "udp" => "dgram", "icmp" => "raw", _ => word };
            if (SocketTypes.Contains(mapped))
                type = mapped;
            else
                family ??= word;
        }
        return new NetworkRule { Family = family, Type = type };
    }

    /// <summary>Permissions written as one word or a parenthesised list right after the rule keyword.</summary>
    private static (List<string> Permissions, Dictionary<string, List<string>> Conditions) ReadAccessAndConditions(List<ProfileToken> tokens)
    {
        var permissions = new List<string>();
        var conditions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == ProfileTokenKind.OpenParen && i == 1)
            {
                i = CollectParen(tokens, i, permissions);
            }
            else if (token.Kind == ProfileTokenKind.Word && token.Text.Contains('=', StringComparison.Ordinal))
            {
                var eq = token.Text.IndexOf('=', StringComparison.Ordinal);
                var key = token.Text[..eq];
                var values = conditions.TryGetValue(key, out var existing) ? existing : conditions[key] = [];
                if (eq < token.Text.Length - 1)
                    values.Add(token.Text[(eq + 1)..]);
                else if (i + 1 < tokens.Count && tokens[i + 1].Kind == ProfileTokenKind.OpenParen)
                    i = CollectParen(tokens, i + 1, values);
                else if (i + 1 < tokens.Count && tokens[i + 1].IsValue)
                    values.Add(tokens[++i].Text);
            }
            else if (token.IsValue && i == 1)
            {
                permissions.Add(token.Text);
            }
        }
        return (permissions, conditions);
    }

    private static int CollectParen(List<ProfileToken> tokens, int open, List<string> into)
    {
        var i = open + 1;
        for (; i < tokens.Count && tokens[i].Kind != ProfileTokenKind.CloseParen; i++)
        {
            if (tokens[i].IsValue)
                into.AddRange(tokens[i].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        return i;
    }

    private static string? Single(Dictionary<string, List<string>> conditions, string key) =>
        conditions.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;

    private static SignalRule ReadSignal(List<ProfileToken> tokens)
    {
        var (permissions, conditions) = ReadAccessAndConditions(tokens);
        return new SignalRule
        {
            Permissions = [.. permissions.SelectMany(SignalAccess)],
            Signals = conditions.TryGetValue("set", out var set) ? [.. set.Select(s => s.Trim('"'))] : [],
            Peer = Single(conditions, "peer"),
        };
    }

    private static PtraceRule ReadPtrace(List<ProfileToken> tokens)
    {
        var (permissions, conditions) = ReadAccessAndConditions(tokens);
        return new PtraceRule { Permissions = [.. permissions.SelectMany(PtraceAccess)], Peer = Single(conditions, "peer") };
    }

    private static IEnumerable<string> SignalAccess(string access) => access switch
    {
        "w" or "write" => ["send"],
        "r" or "read" => ["receive"],
        "rw" => ["send", "receive"],
        _ => [access],
    };

    private static IEnumerable<string> PtraceAccess(string access) => access switch
    {
        "r" => ["read"],
        "w" => ["trace"],
        "rw" => ["read", "trace"],
        _ => [access],
    };

    private static UnixRule ReadUnix(List<ProfileToken> tokens)
    {
        var (permissions, conditions) = ReadAccessAndConditions(tokens);
        string? peerLabel = null, peerAddress = null;
        if (conditions.TryGetValue("peer", out var peer))
        {
            foreach (var part in peer)
            {
                if (part.StartsWith("label=", StringComparison.Ordinal))
                    peerLabel = part["label=".Length..];
                else if (part.StartsWith("addr=", StringComparison.Ordinal))
                    peerAddress = part["addr=".Length..];
            }
            peerLabel ??= peer.Count > 0 && !peer[0].Contains('=', StringComparison.Ordinal) ? peer[0] : null;
            peerAddress ??= peerLabel is null && peerAddress is null ? "?" : null;
        }
        return new UnixRule
        {
            Permissions = permissions,
            Type = Single(conditions, "type"),
            Address = Single(conditions, "addr"),
            PeerLabel = peerLabel,
            PeerAddress = peerAddress,
        };
    }

    private static MountRule ReadMount(List<ProfileToken> tokens)
    {
        var (_, conditions) = ReadAccessAndConditions(tokens);
        string? source = null, target = null;
        var afterArrow = false;
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == ProfileTokenKind.Arrow)
                afterArrow = true;
            else if (token.Kind == ProfileTokenKind.OpenParen)
                while (i < tokens.Count && tokens[i].Kind != ProfileTokenKind.CloseParen) i++;
            else if (token.IsValue && !token.Text.Contains('=', StringComparison.Ordinal) && !(i > 0 && tokens[i - 1].Text.EndsWith('=')))
            {
                if (afterArrow) target = token.Text;
                else source = token.Text;
            }
        }
        var fsTypes = conditions.TryGetValue("fstype", out var f) ? f : conditions.TryGetValue("vfstype", out var v) ? v : [];
        return new MountRule { FsTypes = fsTypes, Source = source, Target = target };
    }

    private static FileRule ReadFile(List<ProfileToken> tokens, bool owner)
    {
        var line = tokens[0].Line;
        var values = tokens.Where(t => t.IsValue).ToList();
        if (values.Count < 2)
            throw new FormatException($"line {line}: '{string.Join(' ', tokens)}' is not a rule this checker understands");
        var pathFirst = values[0].Kind == ProfileTokenKind.Quoted || values[0].Text.StartsWith('/') || values[0].Text.StartsWith("@{", StringComparison.Ordinal);
        var (path, perms) = pathFirst ? (values[0], values[1]) : (values[1], values[0]);
        if (!(path.Text.StartsWith('/') || path.Text.StartsWith("@{", StringComparison.Ordinal) || path.Text.StartsWith('{')))
            throw new FormatException($"line {line}: '{path.Text}' is not an absolute path");
        var (permissions, execMode) = FilePermissionText.Parse(perms.Text, line);
        return new FileRule { Path = path.Text, Permissions = permissions, ExecMode = execMode, Owner = owner };
    }
}
