using System.Text.RegularExpressions;

namespace Bifrost.Core.AppArmor;

/// <summary>A parsed profile made ready to answer "is this access allowed", with AppArmor's deny precedence.</summary>
public sealed class CompiledProfile
{
    private readonly Dictionary<string, Regex> patterns = new(StringComparer.Ordinal);
    private readonly AareVariables variables;
    private readonly List<ProfileRule> rules;

    private CompiledProfile(ParsedProfile profile, bool nonBacktracking)
    {
        Profile = profile;
        variables = profile.Variables;
        rules = [.. profile.Rules];
        Files = new FileRuleIndex(rules.OfType<FileRule>(), variables, nonBacktracking);
    }

    public ParsedProfile Profile { get; }

    public FileRuleIndex Files { get; }

    public static CompiledProfile Compile(ParsedProfile profile, bool nonBacktracking = false) => new(profile, nonBacktracking);

    public bool AllowsCapability(string name) => Decide<CapabilityRule>(r => r.Names.Count == 0 || r.Names.Contains(name));

    public bool AllowsNetwork(string family, string type) =>
        Decide<NetworkRule>(r => (r.Family is null || r.Family == family) && (r.Type is null || r.Type == type));

    /// <summary>A signal sent to <paramref name="peer"/> (null when the receiver's label is unknown).</summary>
    public bool AllowsSignal(string signal, string access, string? peer) =>
        Decide<SignalRule>(r => (r.Permissions.Count == 0 || r.Permissions.Contains(access))
            && (r.Signals.Count == 0 || r.Signals.Contains(signal))
            && PeerMatches(r.Peer, peer));

    public bool AllowsPtrace(string access, string? peer) =>
        Decide<PtraceRule>(r => (r.Permissions.Count == 0 || r.Permissions.Contains(access)) && PeerMatches(r.Peer, peer));

    /// <summary>A unix socket operation (create, bind, connect, …) of a type, on an address when there is one.</summary>
    public bool AllowsUnix(string operation, string type, string? address) =>
        AllowsNetwork("unix", type)
        || Decide<UnixRule>(r => (r.Permissions.Count == 0 || r.Permissions.Contains(operation))
            && (r.Type is null || r.Type == type)
            && (r.Address is null || (address is not null && Matches(r.Address, address)))
            && r.PeerLabel is null && r.PeerAddress is null);

    public bool AllowsMount(string? source, string target, string? fsType) =>
        Decide<MountRule>(r => (r.FsTypes.Count == 0 || (fsType is not null && r.FsTypes.Contains(fsType)))
            && (r.Source is null || (source is not null && Matches(r.Source, source)))
            && (r.Target is null || Matches(r.Target, target)));

    private bool Decide<T>(Func<T, bool> matches) where T : ProfileRule
    {
        var allowed = false;
        foreach (var rule in rules)
        {
            if (rule is not T typed || !matches(typed))
                continue;
            if (rule.Deny)
                return false;
            allowed = true;
        }
        return allowed;
    }

    /// <summary>A rule with a peer condition applies only when the peer is known and matches it.</summary>
    private bool PeerMatches(string? rulePeer, string? peer) =>
        rulePeer is null || (peer is not null && Matches(rulePeer, peer));

    private bool Matches(string pattern, string value)
    {
        if (!patterns.TryGetValue(pattern, out var regex))
        {
            regex = AareGlob.Compile(variables.Expand(pattern));
            patterns[pattern] = regex;
        }
        return regex.IsMatch(value);
    }
}
