namespace Bifrost.Core.AppArmor;

/// <summary><c>capability name…,</c>; no names means every capability.</summary>
public sealed record CapabilityRule : ProfileRule
{
    public IReadOnlyList<string> Names { get; init; } = [];
}
