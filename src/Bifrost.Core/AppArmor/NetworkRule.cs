namespace Bifrost.Core.AppArmor;

/// <summary><c>network [family] [type],</c>; a missing part matches anything.</summary>
public sealed record NetworkRule : ProfileRule
{
    public string? Family { get; init; }

    public string? Type { get; init; }
}
