using Bifrost.Core.Observations;

namespace Bifrost.Core.AppArmor;

/// <summary>An observed access the profile would refuse, with what is missing in AppArmor's words.</summary>
public sealed record ProfileDenial(Observation Observation, string Access)
{
    public override string ToString() => $"{Observation.Container}: {Access}";
}
