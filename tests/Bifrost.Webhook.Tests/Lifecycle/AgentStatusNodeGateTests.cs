using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Lifecycle;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>Local mode beside a local node agent: the gate answers from the agent's status file, read once per round.</summary>
public sealed class AgentStatusNodeGateTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bifrost-agent-status-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string StatusFile => Path.Combine(directory, "node.json");

    private static readonly RenderedProfile Enforce = RenderedProfile.Create(
        "bifrost_shop_deploy_web_app_01", ProfileMode.Enforce, "profile bifrost_shop_deploy_web_app_01 {\n  /data/** r,\n}\n");

    // The file as the agent's local mode writes it: the whole BifrostNode.
    private void Write(NodeProfileState state, string? hash = null, string? message = null) =>
        File.WriteAllText(StatusFile, new JsonObject
        {
            ["apiVersion"] = "bifrost.io/v1alpha1",
            ["kind"] = "BifrostNode",
            ["metadata"] = new JsonObject { ["name"] = "vm-node" },
            ["status"] = JsonSerializer.SerializeToNode(new BifrostNodeStatus
            {
                Ready = state == NodeProfileState.Loaded,
                AppArmorEnabled = true,
                Profiles = [new NodeProfileStatus { Name = Enforce.Name, Hash = hash ?? Enforce.Hash, Mode = ProfileMode.Enforce, State = state, Message = message }],
            }, ProfileJson.Options),
        }.ToJsonString());

    [Fact]
    public async Task Missing_AnswersFromTheStatusReadAtTheLastRound()
    {
        var gate = new AgentStatusNodeGate(StatusFile);

        Assert.False(await gate.LoadAsync([Enforce], CancellationToken.None));
        Assert.Contains("waiting for the node agent's status", gate.Missing(Enforce), StringComparison.Ordinal);

        Write(NodeProfileState.Pending);
        Assert.Contains("waiting", gate.Missing(Enforce), StringComparison.Ordinal);
        Assert.True(await gate.LoadAsync([Enforce], CancellationToken.None));
        Assert.Equal("the node agent reports Pending", gate.Missing(Enforce));

        Write(NodeProfileState.Loaded, hash: "0ld");
        Assert.True(await gate.LoadAsync([Enforce], CancellationToken.None));
        Assert.Equal("the node agent has not loaded this version yet", gate.Missing(Enforce));

        Write(NodeProfileState.Error, message: "apparmor_parser refused it");
        Assert.True(await gate.LoadAsync([Enforce], CancellationToken.None));
        Assert.Equal("the node agent reports Error: apparmor_parser refused it", gate.Missing(Enforce));
        Assert.False(gate.IsLoaded(Enforce));

        Write(NodeProfileState.Loaded);
        Assert.True(await gate.LoadAsync([Enforce], CancellationToken.None));
        Assert.Null(gate.Missing(Enforce));
        Assert.True(gate.IsLoaded(Enforce));
        Assert.False(await gate.LoadAsync([Enforce], CancellationToken.None));
    }
}
