using System.Collections.Concurrent;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Webhook.Tests.Leadership;

/// <summary>The leader's label on its own pod, which the bifrost-intake Service selects, against an API server on real Kestrel.</summary>
public sealed class LeaderPodLabelTests
{
    [Fact]
    public async Task Label_FollowsLeadership_AndComesOffAtShutdown()
    {
        var patches = new ConcurrentQueue<(string ContentType, string Body)>();
        await using var api = await StubServer.StartAsync(app => app.MapMethods(
            "/api/v1/namespaces/bifrost-system/pods/bifrost-webhook-0", ["PATCH"], async (HttpContext context) =>
            {
                patches.Enqueue((context.Request.ContentType ?? "", await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)));
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"bifrost-webhook-0","namespace":"bifrost-system"}}""", context.RequestAborted);
            }));
        using var kubernetes = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = api.Url });
        var leadership = new FixedLeadership(false);
        using var label = new LeaderPodLabel(kubernetes, leadership, "bifrost-system", "bifrost-webhook-0", TimeProvider.System, NullLogger<LeaderPodLabel>.Instance);

        await label.StartAsync(CancellationToken.None);
        Assert.True(await WaitAsync(() => patches.Count == 1), "the first check did not set the label's state");
        leadership.IsLeader = true;
        Assert.True(await WaitAsync(() => patches.Count == 2), "leading did not label the pod");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, patches.Count);
        await label.StopAsync(CancellationToken.None);

        var bodies = patches.Select(p => p.Body).ToList();
        Assert.All(patches, p => Assert.StartsWith("application/merge-patch+json", p.ContentType, StringComparison.Ordinal));
        Assert.Equal("""{"metadata":{"labels":{"bifrost.io/leader":null}}}""", bodies[0]);
        Assert.Equal("""{"metadata":{"labels":{"bifrost.io/leader":"true"}}}""", bodies[1]);
        Assert.Equal("""{"metadata":{"labels":{"bifrost.io/leader":null}}}""", bodies[2]);
    }

    private static async Task<bool> WaitAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!done() && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        return done();
    }
}
