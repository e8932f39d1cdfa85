namespace Bifrost.Core.AppArmor;

/// <summary>
/// A fine-grained <c>unix</c> rule. The checker understands its permissions, <c>type=</c> and <c>addr=</c>;
/// peer conditions make it apply to fewer accesses, so a rule with a peer is never taken to allow an unknown peer.
/// </summary>
public sealed record UnixRule : ProfileRule
{
    public IReadOnlyList<string> Permissions { get; init; } = [];

    public string? Type { get; init; }

    public string? Address { get; init; }

    public string? PeerLabel { get; init; }

    public string? PeerAddress { get; init; }
}
