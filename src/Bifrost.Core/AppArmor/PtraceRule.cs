namespace Bifrost.Core.AppArmor;

/// <summary><c>ptrace (read, trace, readby, tracedby) peer=LABEL,</c>; an empty list or null peer matches anything.</summary>
public sealed record PtraceRule : ProfileRule
{
    public IReadOnlyList<string> Permissions { get; init; } = [];

    public string? Peer { get; init; }
}
