using System.Net;
using Bifrost.Core.Admission;
using Bifrost.Webhook.Admission;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bifrost.Webhook.Tests.Hosting;

/// <summary>Faults never block pod creation: the pod is allowed unchanged, the fault is counted, the server keeps serving.</summary>
public sealed class FaultTests
{
    [RequiresFact("openssl")]
    public async Task Mutate_FaultWhileDeciding_AllowsThePodUnchangedAndCountsIt()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates,
            configure: builder => builder.Services.AddSingleton<INamespaceLookup, BrokenLookup>());

        using var response = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-core-fault", "protected")));

        var answer = await Reviews.ResponseOf(response);
        Assert.Equal("uid-core-fault", (string?)answer["uid"]);
        Assert.True((bool)answer["allowed"]!);
        Assert.Null(answer["patch"]);
        var metrics = await server.MetricsAsync();
        Assert.Equal(1, MetricsText.Value(metrics, "bifrost_admission_errors_total{source=\"core\"}"));
        Assert.Equal(1, MetricsText.Value(metrics, "bifrost_admission_requests_total{operation=\"CREATE\",outcome=\"error\",dry_run=\"false\"}"));
    }

    [RequiresFact("openssl")]
    public async Task Mutate_FaultInTheHostWithUidReadable_AllowsThePodAndKeepsServing()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates,
            configure: builder => builder.Services.AddSingleton<IAdmissionHandler, BrokenHandler>());

        using var response = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-host-fault", "protected")));
        var answer = await Reviews.ResponseOf(response);
        Assert.Equal("uid-host-fault", (string?)answer["uid"]);
        Assert.True((bool)answer["allowed"]!);
        Assert.Null(answer["patch"]);

        using var unreadable = await Reviews.PostAsync(server.Client, Reviews.Json("garbage"));
        Assert.Equal(HttpStatusCode.InternalServerError, unreadable.StatusCode);

        using var health = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(2, MetricsText.Value(await server.MetricsAsync(), "bifrost_admission_errors_total{source=\"host\"}"));
    }

    private sealed class BrokenLookup : INamespaceLookup
    {
        public NamespaceInfo? Find(string name) => throw new InvalidOperationException("lookup broke");
    }

    private sealed class BrokenHandler : IAdmissionHandler
    {
        public ValueTask<AdmissionResult> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) => throw new InvalidOperationException("handler broke");
    }
}
