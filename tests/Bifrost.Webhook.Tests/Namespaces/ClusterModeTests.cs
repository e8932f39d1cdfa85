using System.Diagnostics;
using System.Net;
using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Watching;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Profiles;
using Microsoft.Extensions.DependencyInjection;
using static Bifrost.Webhook.Tests.Namespaces.ScriptedNamespaceSource;

namespace Bifrost.Webhook.Tests.Namespaces;

/// <summary>The running webhook with the namespace cache switched on, its API server replaced by a scripted source.</summary>
public sealed class ClusterModeTests
{
    [RequiresFact("openssl")]
    public async Task Readyz_BeforeTheFirstNamespaceList_IsNotReadyThenAdmissionFollowsTheCache()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var source = new ScriptedNamespaceSource();
        await using var api = await FakeApiServer.StartAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Kubernetes:Enabled=true"], builder =>
        {
            builder.Services.AddSingleton<IListWatchSource<NamespaceInfo>>(source);
            builder.Services.AddSingleton(api.CreateClient());
        });
        // Profiles come from the API server stand-in; readiness below is about namespaces, so let profiles sync first.
        await Eventually.TrueAsync(() => server.App.Services.GetRequiredService<ProfileCache>().IsSynced, "profile cache synced");

        using (var notReady = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("namespaces: Unhealthy", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        source.List("1", Namespace("team", ("bifrost.io/protect", "enabled")));
        var watch = await source.NextWatchAsync();
        using (var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var protectedPod = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-cache-1", "team"))))
            Assert.NotNull(Reviews.PatchOf(await Reviews.ResponseOf(protectedPod)));

        await watch.WriteAsync(Event(WatchChangeType.Modified, Namespace("team"), "2"));

        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-cache-2", "team")));
            if (Reviews.PatchOf(await Reviews.ResponseOf(response)) is null)
                break;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "label removal never reached admission");
            await Task.Delay(50);
        }
    }

    [RequiresFact("openssl")]
    public async Task Readyz_BeforeTheFirstProfileList_IsNotReadyNamingTheProfileCache()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var source = new ScriptedNamespaceSource();
        source.List("1", Namespace("team"));
        await using var api = await FakeApiServer.StartAsync();
        api.State.HoldLists();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Kubernetes:Enabled=true"], builder =>
        {
            builder.Services.AddSingleton<IListWatchSource<NamespaceInfo>>(source);
            builder.Services.AddSingleton(api.CreateClient());
        });
        await source.NextWatchAsync();

        using (var notReady = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("profiles: Unhealthy", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        api.State.ReleaseLists();
        await Eventually.TrueAsync(() => server.App.Services.GetRequiredService<ProfileCache>().IsSynced, "profile cache synced");
        using var ready = await server.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
