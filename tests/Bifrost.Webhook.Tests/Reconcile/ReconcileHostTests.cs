using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Kubernetes.Watching;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Namespaces;
using Bifrost.Webhook.Tests.Profiles;
using Microsoft.Extensions.DependencyInjection;
using static Bifrost.Webhook.Tests.Namespaces.ScriptedNamespaceSource;

namespace Bifrost.Webhook.Tests.Reconcile;

/// <summary>The running webhook in cluster mode, as deployed: the search starts by itself once the caches have synced.</summary>
public sealed class ReconcileHostTests
{
    [RequiresFact("openssl")]
    public async Task Webhook_InACluster_FindsAPodThatSlippedPastAdmissionAndExportsIt()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var namespaces = new ScriptedNamespaceSource();
        namespaces.List("1", Namespace("team", ("bifrost.io/protect", "enabled")), Namespace("plain"));
        await using var api = await FakeApiServer.StartAsync();
        api.State.Put("pods", RunningPods.OfDeployment("team", "web", "a"));
        api.State.Put("pods", RunningPods.OfDeployment("plain", "web", "b"));
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Kubernetes:Enabled=true"], builder =>
        {
            builder.Services.AddSingleton<IListWatchSource<NamespaceInfo>>(namespaces);
            builder.Services.AddSingleton(api.CreateClient());
            builder.Services.AddSingleton<ILeadership>(new FixedLeadership(leading: true));
        });

        await Eventually.TrueAsync(
            () => server.MetricsAsync().GetAwaiter().GetResult().Contains("bifrost_pods_unprotected{namespace=\"team\",reason=\"not-admitted\"} 1", StringComparison.Ordinal),
            "the unprotected pod counted");

        // The Events follow the gauge within the same round.
        await Eventually.TrueAsync(() => Events(api).Any(e => e["involvedObject"]!["kind"]!.GetValue<string>() == "Deployment"), "the Event on the Deployment");
        var events = Events(api);
        Assert.Contains(events, e => e["involvedObject"]!["name"]!.GetValue<string>() == "web-5d8f7c9b4-a" && e["reason"]!.GetValue<string>() == "Unprotected");
        Assert.DoesNotContain(events, e => e["involvedObject"]!["namespace"]!.GetValue<string>() == "plain");
    }

    private static List<System.Text.Json.Nodes.JsonNode> Events(FakeApiServer api) =>
        [.. api.State.List("events", "", "")["items"]!.AsArray().Select(e => e!)];
}
