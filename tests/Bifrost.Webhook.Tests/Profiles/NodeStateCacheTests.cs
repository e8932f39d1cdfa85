using System.Text.Json.Nodes;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Kubernetes;
using static Bifrost.Webhook.Tests.Profiles.SampleProfiles;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>The enforce gate's view: cluster-scoped BifrostNodes and the Linux nodes, both watched through the real client.</summary>
public sealed class NodeStateCacheTests : IAsyncLifetime
{
    private const string Profile = "bifrost-shop-web-app-e1";
    private const string Nodes = "nodes";
    private static readonly string Hash = new('b', 64);
    private FakeApiServer server = null!;

    public async Task InitializeAsync() => server = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task LinuxNodes_OnlyNodesLabelledLinux_AndANodeRelabelledLeaves()
    {
        server.State.Put(Nodes, KubeNode("node-a", "linux"));
        server.State.Put(Nodes, KubeNode("node-w", "windows"));
        await using var host = await ProfileCacheHost.StartAsync(server);
        var linux = host.Get<LinuxNodeCache>();
        await Eventually.TrueAsync(() => linux.IsSynced && server.State.OpenWatches(Nodes) == 1, "node list and watch");
        Assert.Equal(["node-a"], linux.Names);

        server.State.Put(Nodes, KubeNode("node-b", "linux"));
        await Eventually.TrueAsync(() => linux.Names.Count == 2, "new linux node");
        server.State.Put(Nodes, KubeNode("node-a", "windows"));
        await Eventually.TrueAsync(() => linux.Names.Count == 1, "relabelled node gone");

        Assert.Equal(["node-b"], linux.Names);
    }

    [Fact]
    public async Task LoadedEverywhere_OnlyOnceEveryLinuxNodeReportsTheHashLoaded()
    {
        server.State.Put(BifrostNode.Plural, Json(Node("node-a", (Profile, Hash, NodeProfileState.Loaded))));
        server.State.Put(BifrostNode.Plural, Json(Node("node-b", (Profile, Hash, NodeProfileState.Pending))));
        await using var host = await ProfileCacheHost.StartAsync(server);
        var states = host.Get<NodeStateCache>();
        await Eventually.TrueAsync(() => states.IsSynced && server.State.OpenWatches(BifrostNode.Plural) == 1, "node state list and watch");
        string[] linux = ["node-a", "node-b"];

        Assert.False(states.LoadedEverywhere(Profile, Hash, linux));
        Assert.Equal(["node-b"], states.NodesWithout(Profile, Hash, linux));
        Assert.Equal("netlink", states.Find("node-a")!.Status.AuditSource);

        server.State.Put(BifrostNode.Plural, Json(Node("node-b", (Profile, Hash, NodeProfileState.Loaded))));
        await Eventually.TrueAsync(() => states.LoadedEverywhere(Profile, Hash, linux), "node-b loaded");

        Assert.False(states.LoadedEverywhere(Profile, new string('c', 64), linux));
        Assert.False(states.LoadedEverywhere(Profile, Hash, ["node-a", "node-b", "node-new"]));
        Assert.False(states.LoadedEverywhere(Profile, Hash, []));
    }

    [Fact]
    public void LoadedEverywhere_BeforeTheFirstList_IsFalse()
    {
        var states = new NodeStateCache();

        Assert.False(states.LoadedEverywhere(Profile, Hash, ["node-a"]));
    }

    [Fact]
    public async Task LoadedEverywhere_CompiledOrFailedIsNotLoaded()
    {
        server.State.Put(BifrostNode.Plural, Json(Node("node-a", (Profile, Hash, NodeProfileState.Compiled))));
        server.State.Put(BifrostNode.Plural, Json(Node("node-b", (Profile, Hash, NodeProfileState.Error))));
        await using var host = await ProfileCacheHost.StartAsync(server);
        var states = host.Get<NodeStateCache>();
        await Eventually.TrueAsync(() => states.IsSynced, "node state list");

        Assert.Equal(["node-a", "node-b"], states.NodesWithout(Profile, Hash, ["node-b", "node-a"]));
    }

    private static JsonObject KubeNode(string name, string os) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/os"] = os } },
    };
}
