using System.Text.Json.Nodes;

namespace Bifrost.Cli.Tests.Install;

public sealed class UninstallTests
{
    private const string Webhook = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/bifrost";
    private const string ProfilesCrd = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/bifrostprofiles.bifrost.io";

    [Fact]
    public async Task Uninstall_AgentsConfirm_WebhookFirstThenNodesCleanedThenTheRestCrdsLast()
    {
        await using var server = await InstalledAsync();

        var run = await CliRunner.RunAsync("", "uninstall", "--kubeconfig", server.Kubeconfig);

        Assert.True(run.ExitCode == 0, run.Error);
        var steps = server.Requests.Where(r => r.Method is "DELETE" or "PATCH").ToList();
        Assert.Equal(("DELETE", Webhook), (steps[0].Method, steps[0].Path));
        Assert.All(steps.Skip(1).Take(2), s => Assert.Equal("PATCH", s.Method));
        Assert.Equal("application/merge-patch+json", steps[1].ContentType?.Split(';')[0]);
        Assert.All(steps.Skip(3), s => Assert.Equal("DELETE", s.Method));
        Assert.EndsWith("customresourcedefinitions/bifrostnodes.bifrost.io", steps[^1].Path, StringComparison.Ordinal);
        Assert.Equal(ProfilesCrd, steps[^2].Path);
        Assert.Contains("node node-1: clean (3 profiles unloaded, files removed); 1 stay loaded until the node reboots", run.Out, StringComparison.Ordinal);
        Assert.Contains("node node-2: clean", run.Out, StringComparison.Ordinal);
        // Only what the stand-in does not cascade is left: the agents' pods (the namespace takes them) and their reports (the CRD takes them).
        Assert.All(server.Objects.Keys, k => Assert.True(k.Contains("/pods/", StringComparison.Ordinal) || k.Contains("/bifrostnodes/", StringComparison.Ordinal), k));
    }

    [Fact]
    public async Task Uninstall_AnAgentDoesNotConfirm_StopsAfterTheWebhookNamingTheNode()
    {
        await using var server = await InstalledAsync();
        server.SilentNodes.Add("node-2");

        var run = await CliRunner.RunAsync("", "uninstall", "--kubeconfig", server.Kubeconfig, "--timeout", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the node agents on node-2 did not confirm within 1s", run.Error, StringComparison.Ordinal);
        Assert.Contains("--force", run.Error, StringComparison.Ordinal);
        Assert.Equal([Webhook], server.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path));
        Assert.Contains(ProfilesCrd, server.Objects.Keys);
    }

    [Fact]
    public async Task Uninstall_ForceAndKeepProfiles_GoesOnKeepsTheCrdsAndDeletesTheNodeReports()
    {
        await using var server = await InstalledAsync();
        server.SilentNodes.Add("node-2");

        var run = await CliRunner.RunAsync("", "uninstall", "--kubeconfig", server.Kubeconfig, "--timeout", "1", "--force", "--keep-profiles");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("not confirmed within 1s: node-2; going on (--force)", run.Out, StringComparison.Ordinal);
        Assert.Contains(ProfilesCrd, server.Objects.Keys);
        Assert.DoesNotContain(server.Objects.Keys, k => k.Contains("/bifrostnodes/", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Objects.Keys, k => k.Contains("/daemonsets/", StringComparison.Ordinal));
        Assert.Contains("CRDs and BifrostProfiles kept (--keep-profiles)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstall_NamespaceNotMadeByInstall_IsKept()
    {
        await using var server = await InstalledAsync();
        server.Objects["/api/v1/namespaces/bifrost-system"]["metadata"]!["labels"] = new JsonObject();

        var run = await CliRunner.RunAsync("", "uninstall", "--kubeconfig", server.Kubeconfig);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("namespace/bifrost-system kept", run.Out, StringComparison.Ordinal);
        Assert.Contains("/api/v1/namespaces/bifrost-system", server.Objects.Keys);
    }

    [Fact]
    public async Task Uninstall_DryRun_ListsTheStepsWithoutACluster()
    {
        var run = await CliRunner.RunAsync("", "uninstall", "--dry-run", "-n", "guard", "--kubeconfig", "/nonexistent");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("would delete mutatingwebhookconfiguration.admissionregistration.k8s.io/bifrost", lines[0]);
        Assert.StartsWith("would ask each node agent", lines[1], StringComparison.Ordinal);
        Assert.Contains("would delete daemonset.apps/bifrost-agent", lines);
        Assert.EndsWith("bifrostnodes.bifrost.io", lines[^1], StringComparison.Ordinal);
        Assert.Contains("guard", run.Out, StringComparison.Ordinal);
    }

    /// <summary>A stand-in cluster after <c>bifrost install</c>, with an agent pod on each of two nodes and the webhook's Secret.</summary>
    private static async Task<StandInApiServer> InstalledAsync()
    {
        var server = await StandInApiServer.StartAsync();
        var install = await CliRunner.RunAsync("", "install", "--kubeconfig", server.Kubeconfig);
        Assert.True(install.ExitCode == 0, install.Error);
        foreach (var node in (string[])["node-1", "node-2"])
        {
            server.Add($"/api/v1/namespaces/bifrost-system/pods/bifrost-agent-{node}", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject { ["name"] = $"bifrost-agent-{node}", ["namespace"] = "bifrost-system", ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "bifrost-agent" } },
                ["spec"] = new JsonObject { ["nodeName"] = node },
            });
        }

        server.Add("/api/v1/namespaces/bifrost-system/secrets/bifrost-webhook-tls", new JsonObject { ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "bifrost-webhook-tls" } });
        server.Requests.Clear();
        return server;
    }
}
