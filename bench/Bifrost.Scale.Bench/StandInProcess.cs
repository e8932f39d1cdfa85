using Bifrost.Webhook.Tests.Kubernetes;

namespace Bifrost.Scale.Bench;

/// <summary>The stand-in API server as a process of its own, so the controller's memory is measured without it.</summary>
internal static class StandInProcess
{
    public static async Task<int> ServeAsync()
    {
        await using var server = await FakeApiServer.StartAsync();
        // As etcd's compaction: watches resume from recent history only, and the history does not grow without end.
        server.State.HistoryLimit = 5_000;
        Console.WriteLine($"listening {server.BaseAddress}");
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        Console.WriteLine($"refused-for-size {server.State.RefusedForSize}");
        return 0;
    }
}
