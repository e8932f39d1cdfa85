namespace Bifrost.Core.AppArmor;

/// <summary>One rule in a profile. <see cref="Deny"/> rules subtract from what allow rules grant, whatever their order.</summary>
public abstract record ProfileRule
{
    public bool Deny { get; init; }

    public bool Audit { get; init; }
}
