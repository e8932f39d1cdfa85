using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Cluster;

/// <summary>A change to the BifrostProfiles the agent watches. <see cref="ProfileEventType.Reset"/> carries the full list after a (re)list.</summary>
internal sealed record ProfileEvent(ProfileEventType Type, IReadOnlyList<BifrostProfile> Profiles);
