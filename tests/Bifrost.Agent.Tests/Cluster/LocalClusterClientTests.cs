using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Tests.Support;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Cluster;

/// <summary>Local mode: profiles from the webhook's local store layout, pods from the pods directory, the node status to a file.</summary>
public sealed class LocalClusterClientTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly AgentLocalOptions options;

    public LocalClusterClientTests() => options = new AgentLocalOptions
    {
        ProfilesDirectory = root.Combine("profiles"),
        PodsDirectory = root.Combine("pods"),
        NodeStatusFile = root.Combine("state", "node.json"),
        PollInterval = TimeSpan.FromMilliseconds(50),
    };

    public void Dispose() => root.Dispose();

    private LocalClusterClient Client() => new(options, TimeProvider.System, NullLogger<LocalClusterClient>.Instance);

    /// <summary>The webhook's LocalProfileStore layout: <c>&lt;root&gt;/&lt;namespace&gt;/&lt;name&gt;.json</c>, with a lock file beside it.</summary>
    private void WriteProfile(BifrostProfile profile)
    {
        var path = Path.Combine(options.ProfilesDirectory, profile.Metadata.Namespace, profile.Metadata.Name + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(profile, ProfileJson.Options));
        File.WriteAllText(path + ".lock", "");
    }

    private void WritePod(string ns, string name, string json)
    {
        Directory.CreateDirectory(options.PodsDirectory);
        File.WriteAllText(Path.Combine(options.PodsDirectory, $"{ns}_{name}.json"), json);
    }

    private static async Task<T> Next<T>(IAsyncEnumerator<T> events)
    {
        Assert.True(await events.MoveNextAsync());
        return events.Current;
    }

    [Fact]
    public async Task WatchProfiles_ReadsTheStoreThenSendsTheWholeListAgainWhenAFileChanges()
    {
        WriteProfile(Workloads.Profile("shop", "web", TestProfiles.Learning("bifrost_shop_deploy_web_app_learn")));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = Client().WatchProfilesAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        var first = await Next(events);
        WriteProfile(Workloads.Profile("shop", "db", TestProfiles.Enforcing("bifrost_shop_deploy_db_app_0123456789")));
        var second = await Next(events);

        Assert.Equal(ProfileEventType.Reset, first.Type);
        Assert.Equal("bifrost_shop_deploy_web_app_learn", Assert.Single(first.Profiles).Status.Containers[0].Profiles[0].Name);
        Assert.Equal(ProfileEventType.Reset, second.Type);
        Assert.Equal(["db", "web"], second.Profiles.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task WatchPods_ReadsThisNodesAnnotatedPodsAndSeesOneGo()
    {
        WritePod("shop", "web-1", Pods.Json("shop", "web", "web-1", "node-1", "app"));
        WritePod("shop", "web-2", Pods.Json("shop", "web", "web-2", nodeName: null, "app", "proxy"));
        WritePod("shop", "elsewhere", Pods.Json("shop", "api", "elsewhere", "node-2", "app"));
        WritePod("shop", "plain", """{"metadata":{"name":"plain","namespace":"shop"},"spec":{"nodeName":"node-1"}}""");
        WritePod("shop", "broken", "{not json");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = Client().WatchPodsAsync("node-1", cancel.Token).GetAsyncEnumerator(cancel.Token);

        var first = await Next(events);
        File.Delete(Path.Combine(options.PodsDirectory, "shop_web-1.json"));
        var second = await Next(events);

        Assert.Equal(ProfileEventType.Reset, first.Type);
        Assert.Equal(["shop/web-1", "shop/web-2"], first.Pods.Select(p => p.Key));
        Assert.Equal(["bifrost_shop_deploy_web_app_learn", "bifrost_shop_deploy_web_proxy_learn"], first.Pods[1].Profiles.Select(p => p.Name));
        Assert.All(first.Pods.SelectMany(p => p.Profiles), p => Assert.Equal(("shop", "Deployment", "web", true), (p.Workload.Namespace, p.Workload.Kind, p.Workload.Name, p.IsLearning)));
        Assert.Equal("shop/web-2", Assert.Single(second.Pods).Key);
    }

    [Fact]
    public async Task Watch_MissingDirectories_SendAnEmptyList()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var client = Client();
        await using var profiles = client.WatchProfilesAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        await using var pods = client.WatchPodsAsync("node-1", cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.Empty((await Next(profiles)).Profiles);
        Assert.Empty((await Next(pods)).Pods);
    }

    [Fact]
    public async Task WriteNodeStatus_WritesTheBifrostNodeToTheFile()
    {
        var status = new BifrostNodeStatus
        {
            Ready = true,
            AppArmorEnabled = true,
            AuditSource = "kmsg",
            Profiles = [new NodeProfileStatus { Name = "bifrost_bootstrap", Hash = BootstrapProfile.Rendered.Hash, Mode = ProfileMode.Complain, State = NodeProfileState.Loaded }],
        };

        await Client().WriteNodeStatusAsync("node-1", status, CancellationToken.None);
        await Client().WriteNodeStatusAsync("node-1", status with { Ready = false }, CancellationToken.None);

        var node = JsonNode.Parse(File.ReadAllText(options.NodeStatusFile))!;
        Assert.Equal("BifrostNode", (string?)node["kind"]);
        Assert.Equal("node-1", (string?)node["metadata"]!["name"]);
        var written = node["status"].Deserialize<BifrostNodeStatus>(ProfileJson.Options)!;
        Assert.False(written.Ready);
        Assert.Equal("kmsg", written.AuditSource);
        Assert.Equal("bifrost_bootstrap", Assert.Single(written.Profiles).Name);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(options.NodeStatusFile)!));
    }
}
