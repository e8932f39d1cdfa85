namespace Bifrost.Core.AppArmor;

/// <summary>What to call the generated profile and how to render it.</summary>
public sealed record ProfileGeneratorOptions
{
    public required string Name { get; init; }

    public ProfileMode Mode { get; init; } = ProfileMode.Complain;

    /// <summary>Accesses this abstraction allows get no rule; defaults to the machine-independent built-in list.</summary>
    public BaseAbstraction? Base { get; init; }
}
