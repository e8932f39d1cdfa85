using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;

namespace Bifrost.Webhook.Tests.Leadership;

/// <summary>An empty profile store that counts the controller's rounds: each round lists the profiles once.</summary>
internal sealed class CountingStore : IProfileStore
{
    private int lists;

    public int Lists => Volatile.Read(ref lists);

    public Task<IReadOnlyList<BifrostProfile>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref lists);
        return Task.FromResult<IReadOnlyList<BifrostProfile>>([]);
    }

    public Task<BifrostProfile?> GetAsync(string @namespace, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<BifrostProfile> CreateAsync(BifrostProfile profile, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<BifrostProfile> UpdateStatusAsync(BifrostProfile profile, CancellationToken cancellationToken) => throw new NotSupportedException();
}
