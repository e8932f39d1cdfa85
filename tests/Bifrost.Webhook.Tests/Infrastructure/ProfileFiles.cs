using System.Diagnostics;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;

namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>Reads the local profile store a test webhook writes, waiting for a state to arrive.</summary>
internal static class ProfileFiles
{
    /// <summary>The profile once <paramref name="done"/> holds for it, or null after a generous wait.</summary>
    public static async Task<BifrostProfile?> WaitForAsync(string directory, string @namespace, string name, Func<BifrostProfile, bool> done)
    {
        var store = new LocalProfileStore(directory, TimeProvider.System);
        for (var stopwatch = Stopwatch.StartNew(); stopwatch.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(100))
        {
            if (await store.GetAsync(@namespace, name, CancellationToken.None) is { } profile && done(profile))
                return profile;
        }

        return null;
    }
}
