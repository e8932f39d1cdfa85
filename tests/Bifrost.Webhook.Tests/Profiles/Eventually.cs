using System.Diagnostics;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>Polls a condition; the generous limit only stops a broken test from hanging, it is not a timing assertion.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{what}: not reached within 60 s");
            await Task.Delay(10);
        }
    }
}
