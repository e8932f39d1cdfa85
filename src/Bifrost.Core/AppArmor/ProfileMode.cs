namespace Bifrost.Core.AppArmor;

/// <summary>How the kernel treats a profile: complain logs what the rules do not allow, enforce refuses it.</summary>
public enum ProfileMode
{
    Complain,
    Enforce,
}
