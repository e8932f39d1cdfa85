using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>What admission may ask on its hot path: is this profile known loaded everywhere? Answered from memory only.</summary>
internal interface ILoadedProfiles
{
    bool IsLoaded(RenderedProfile profile);
}
