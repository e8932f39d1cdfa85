using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Cluster;

/// <summary>The pod watch against an API server on real Kestrel: list then watch, both filtered to the node by the server.</summary>
public sealed class KubernetesPodWatchTests
{
    private static JsonNode Pod(string name, string? nodeName = "node-1") =>
        JsonNode.Parse(Pods.Json("shop", "web", name, nodeName, "app"))!;

    /// <summary>The first <paramref name="count"/> events of node-1's pod watch against <paramref name="api"/>.</summary>
    private static async Task<List<PodEvent>> FirstPodEventsAsync(StubServer api, int count)
    {
        using var kubernetes = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = api.Url });
        var client = new KubernetesClusterClient(kubernetes, new Bifrost.Kubernetes.KubernetesOptions(), TimeProvider.System, NullLogger<KubernetesClusterClient>.Instance);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<PodEvent>();
        await foreach (var change in client.WatchPodsAsync("node-1", cancel.Token))
        {
            events.Add(change);
            if (events.Count == count)
                break;
        }

        return events;
    }

    [Fact]
    public async Task WatchPods_ListsThenWatchesThisNodesPodsWithAFieldSelector()
    {
        var requests = new ConcurrentQueue<string>();
        await using var api = await StubServer.StartAsync(app => app.MapGet("/api/v1/pods", async (HttpContext context) =>
        {
            requests.Enqueue(context.Request.QueryString.Value ?? "");
            context.Response.ContentType = "application/json";
            if (context.Request.Query["watch"] != "true")
            {
                var plain = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "plain", ["namespace"] = "shop" } };
                var list = new JsonObject
                {
                    ["kind"] = "PodList",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = "5" },
                    ["items"] = new JsonArray(Pod("web-1"), plain),
                };
                await context.Response.WriteAsync(list.ToJsonString(), context.RequestAborted);
                return;
            }

            await context.Response.StartAsync(context.RequestAborted);
            foreach (var (type, pod) in new[] { ("ADDED", Pod("web-2")), ("DELETED", Pod("web-1")) })
            {
                await context.Response.WriteAsync(new JsonObject { ["type"] = type, ["object"] = pod }.ToJsonString() + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }));

        var events = await FirstPodEventsAsync(api, 3);

        Assert.Equal([ProfileEventType.Reset, ProfileEventType.Upsert, ProfileEventType.Delete], events.Select(e => e.Type));
        Assert.Equal("shop/web-1", Assert.Single(events[0].Pods).Key);
        Assert.Equal("bifrost_shop_deploy_web_app_learn", Assert.Single(Assert.Single(events[1].Pods).Profiles).Name);
        Assert.Equal("shop/web-1", Assert.Single(events[2].Pods).Key);
        Assert.All(requests, q => Assert.Contains("fieldSelector=spec.nodeName%3Dnode-1", q, StringComparison.Ordinal));
        Assert.Contains(requests, q => q.Contains("watch=true", StringComparison.Ordinal) && q.Contains("resourceVersion=5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchPods_ExpiredResourceVersion_ListsAgainAndStartsOver()
    {
        var lists = 0;
        await using var api = await StubServer.StartAsync(app => app.MapGet("/api/v1/pods", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Query["watch"] != "true")
            {
                var n = Interlocked.Increment(ref lists);
                var list = new JsonObject
                {
                    ["kind"] = "PodList",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = $"{n * 10}" },
                    ["items"] = new JsonArray(Pod($"web-{n}")),
                };
                await context.Response.WriteAsync(list.ToJsonString(), context.RequestAborted);
                return;
            }

            // The API server's answer to a watch from a compacted version: an ERROR event with a 410 status.
            var gone = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "Expired", ["code"] = 410 };
            await context.Response.WriteAsync(new JsonObject { ["type"] = "ERROR", ["object"] = gone }.ToJsonString() + "\n", context.RequestAborted);
        }));

        var events = await FirstPodEventsAsync(api, 2);

        Assert.All(events, e => Assert.Equal(ProfileEventType.Reset, e.Type));
        Assert.Equal(["shop/web-1", "shop/web-2"], events.Select(e => Assert.Single(e.Pods).Key));
    }

    [Fact]
    public async Task WatchPods_AgentPodWithTheUninstallAnnotation_IsKeptWithTheRequest()
    {
        await using var api = await StubServer.StartAsync(app => app.MapGet("/api/v1/pods", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            var agent = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = "bifrost-agent-abcde",
                    ["namespace"] = "bifrost-system",
                    ["annotations"] = new JsonObject { ["bifrost.io/uninstall"] = "20261207T164000.000Z" },
                },
            };
            var list = new JsonObject
            {
                ["kind"] = "PodList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = "5" },
                ["items"] = new JsonArray(agent),
            };
            await context.Response.WriteAsync(list.ToJsonString(), context.RequestAborted);
        }));

        var reset = (await FirstPodEventsAsync(api, 1)).Single();

        var pod = Assert.Single(reset.Pods);
        Assert.Equal(("bifrost-system", "bifrost-agent-abcde", "20261207T164000.000Z"), (pod.Namespace, pod.Name, pod.UninstallRequest));
        Assert.Empty(pod.Profiles);
    }
}
