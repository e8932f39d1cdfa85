namespace Bifrost.Core.AppArmor;

/// <summary>A rendered profile with what went into it.</summary>
public sealed record GeneratedProfile
{
    public required string Name { get; init; }

    public required ProfileMode Mode { get; init; }

    /// <summary>Profile text for apparmor_parser.</summary>
    public required string Text { get; init; }

    /// <summary>The rules after generalisation, in the order they are written (abstractions and fixed peer rules included).</summary>
    public required IReadOnlyList<ProfileRule> Rules { get; init; }

    /// <summary>Observations left out because no rule can express them safely, each with a reason.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>File accesses left to abstractions/base.</summary>
    public int CoveredByBase { get; init; }
}
