namespace Bifrost.Core.AppArmor;

/// <summary><c>signal (send, receive) set=(…) peer=LABEL,</c>; an empty list or null peer matches anything.</summary>
public sealed record SignalRule : ProfileRule
{
    /// <summary>send and/or receive; empty means both.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>Signal names as AppArmor spells them (hup, term, rtmin+3, exists).</summary>
    public IReadOnlyList<string> Signals { get; init; } = [];

    /// <summary>The peer's label as an AARE pattern.</summary>
    public string? Peer { get; init; }
}
