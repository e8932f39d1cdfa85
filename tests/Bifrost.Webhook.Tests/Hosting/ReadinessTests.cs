using System.Net;
using Bifrost.Core.Admission;
using Bifrost.Webhook.Admission;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bifrost.Webhook.Tests.Hosting;

/// <summary><c>/readyz</c> is ready only once a canned review has gone through the real admission handler and built a patch.</summary>
public sealed class ReadinessTests
{
    [RequiresFact("openssl")]
    public async Task Readyz_HandlerBuildsAPatch_IsReadyAndSaysSo()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates);

        using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("admission: Healthy - a canned admission review built a patch", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Readyz_HandlerThrows_Is503WithTheReason()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates,
            configure: builder => builder.Services.AddSingleton<IAdmissionHandler, ThrowingHandler>());

        using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Contains("admission: Unhealthy", text, StringComparison.Ordinal);
        Assert.Contains("the admission handler cannot run: InvalidOperationException: the mutator could not be built", text, StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Readyz_HandlerBuildsNoPatch_Is503NamingTheOutcome()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates,
            configure: builder => builder.Services.AddSingleton<IAdmissionHandler, SkippingHandler>());

        using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("built no patch (outcome Skipped, reason not-opted-in)", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Readyz_HandlerRecovers_BecomesReady()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var handler = new RecoveringHandler();
        await using var server = await WebhookServer.StartAsync(certificates,
            configure: builder => builder.Services.AddSingleton<IAdmissionHandler>(provider =>
            {
                handler.Real = ActivatorUtilities.CreateInstance<CoreAdmissionHandler>(provider);
                return handler;
            }));

        using (var notReady = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        handler.Broken = false;

        // The self-test tries again after 2 s.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
            status = ready.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private sealed class ThrowingHandler : IAdmissionHandler
    {
        public ValueTask<AdmissionResult> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the mutator could not be built");
    }

    private sealed class SkippingHandler : IAdmissionHandler
    {
        public ValueTask<AdmissionResult> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new AdmissionResult { StatusCode = 200, Body = [], Decision = AdmissionDecision.Skip(SkipReason.NotOptedIn) });
    }

    private sealed class RecoveringHandler : IAdmissionHandler
    {
        public bool Broken { get; set; } = true;
        public CoreAdmissionHandler? Real { get; set; }

        public ValueTask<AdmissionResult> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
            Broken ? throw new InvalidOperationException("not yet") : Real!.HandleAsync(body, cancellationToken);
    }
}
