using Bifrost.Core.AppArmor;

namespace Bifrost.Agent.Loading;

/// <summary>The agent's record of what it loaded on this node: only what is listed here (or marked in its directory) is Bifrost's to replace or remove.</summary>
internal sealed record LoaderState
{
    public Dictionary<string, LoadedProfile> Profiles { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One profile the agent loaded (or compiled, where AppArmor is off).</summary>
internal sealed record LoadedProfile(string Name, string Hash, ProfileMode Mode, DateTimeOffset LoadedAt);
