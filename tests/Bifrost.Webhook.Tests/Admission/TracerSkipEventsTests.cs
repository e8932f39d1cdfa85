using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;
using Bifrost.Webhook.Admission;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Tests.Kubernetes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Webhook.Tests.Admission;

/// <summary>
/// Admission that leaves the tracer out says so with an Event on the workload, written to an API server on Kestrel:
/// once per workload and reason an hour, never for dry runs or pods that got the tracer.
/// </summary>
public sealed class TracerSkipEventsTests : IAsyncLifetime, IDisposable
{
    private static readonly WorkloadIdentity Web = new("shop", "Deployment", "web");
    private readonly ManualClock clock = new();
    private FakeApiServer api = null!;
    private IKubernetes client = null!;
    private TracerSkipEvents events = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        client = api.CreateClient();
        events = new TracerSkipEvents(new KubernetesEventSink(client, clock), clock, NullLogger<TracerSkipEvents>.Instance);
        await events.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await events.StopAsync(CancellationToken.None);
        client.Dispose();
        await api.DisposeAsync();
    }

    public void Dispose() => events.Dispose();

    [Fact]
    public async Task Offer_HostNetworkPods_OneEventOnTheWorkloadSayingWhy()
    {
        events.Offer(Request(), ProfileOnly(Web, SkipReason.HostNetwork));
        events.Offer(Request(), ProfileOnly(Web, SkipReason.HostNetwork));

        var recorded = Assert.Single(await EventsAsync(1));
        Assert.Equal(TracerSkipEvents.Reason, recorded["reason"]!.GetValue<string>());
        Assert.Equal("Normal", recorded["type"]!.GetValue<string>());
        Assert.Equal("Deployment", recorded["involvedObject"]!["kind"]!.GetValue<string>());
        Assert.Equal("web", recorded["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal("apps/v1", recorded["involvedObject"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("shop", recorded["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("Pods of Deployment shop/web get no tracer (host-network): no tracer in a hostNetwork pod; learning from AppArmor audit records instead",
            recorded["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Offer_AnotherReasonOrAnHourLater_RecordsAgain()
    {
        events.Offer(Request(), ProfileOnly(Web, SkipReason.HostNetwork));
        await EventsAsync(1);
        events.Offer(Request(), ProfileOnly(Web, SkipReason.PodSecurity));
        await EventsAsync(2);
        clock.Now += TracerSkipEvents.Interval - TimeSpan.FromSeconds(1);
        events.Offer(Request(), ProfileOnly(Web, SkipReason.HostNetwork));
        clock.Now += TimeSpan.FromSeconds(1);
        events.Offer(Request(), ProfileOnly(Web, SkipReason.HostNetwork));

        var all = await EventsAsync(3);

        Assert.Equal(["host-network", "host-network", "pod-security"], all.Select(e => e["message"]!.GetValue<string>().Split('(', ')')[1]).Order());
    }

    [Fact]
    public async Task Offer_DryRunsInjectedAndSkippedPods_RecordNothing()
    {
        events.Offer(Request(dryRun: true), ProfileOnly(Web, SkipReason.HostNetwork));
        events.Offer(Request(), ProfileOnly(Web, SkipReason.HostNetwork) with { Outcome = AdmissionOutcome.Injected });
        events.Offer(Request(), AdmissionDecision.Skip(SkipReason.NotOptedIn));
        // A marker for another workload: once it is there, anything offered before it would be too.
        events.Offer(Request(), ProfileOnly(new WorkloadIdentity("shop", "StatefulSet", "db"), SkipReason.PodSecurity));

        var recorded = Assert.Single(await EventsAsync(1));
        Assert.Equal("db", recorded["involvedObject"]!["name"]!.GetValue<string>());
    }

    private static AdmissionRequest Request(bool dryRun = false) => new()
    {
        Uid = Guid.NewGuid().ToString(),
        Operation = "CREATE",
        Namespace = "shop",
        Resource = "pods",
        DryRun = dryRun,
    };

    private static AdmissionDecision ProfileOnly(WorkloadIdentity workload, string reason) => new()
    {
        Outcome = AdmissionOutcome.ProfileOnly,
        Reason = reason,
        Workload = workload,
        Warnings = [reason == SkipReason.HostNetwork
            ? "bifrost: no tracer in a hostNetwork pod; learning from AppArmor audit records instead"
            : "bifrost: no tracer: the namespace enforces Pod Security baseline"],
    };

    // Events are written in the background: waits (bounded) until at least COUNT are there, then a moment for extras.
    private async Task<List<JsonObject>> EventsAsync(int count)
    {
        for (var i = 0; i < 200 && Events().Count < count; i++)
            await Task.Delay(25);
        await Task.Delay(100);
        return Events();
    }

    private List<JsonObject> Events() => [.. api.State.List("events", "", "")["items"]!.AsArray().Select(e => e!.AsObject())];
}
