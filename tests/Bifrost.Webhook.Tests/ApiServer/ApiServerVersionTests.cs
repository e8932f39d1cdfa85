using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Kubernetes.Watching;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tests.Kubernetes;
using Bifrost.Webhook.Tests.Namespaces;
using Bifrost.Webhook.Tests.Profiles;
using Microsoft.Extensions.DependencyInjection;
using static Bifrost.Webhook.Tests.Namespaces.ScriptedNamespaceSource;

namespace Bifrost.Webhook.Tests.ApiServer;

/// <summary>The running webhook in cluster mode: the version its API server reports decides what a pod gets.</summary>
public sealed class ApiServerVersionTests
{
    [RequiresFact("openssl")]
    public async Task Admission_DiscoveredVersion_DecidesTheSidecarAndFollowsAnUpgrade()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var api = await FakeApiServer.StartAsync();
        api.State.ServerVersion = FakeApiState.VersionInfo("1", "28+", "v1.28.15-eks-7f9249a");
        await using var server = await StartAsync(certificates, api, "--Bifrost:Kubernetes:VersionRefreshInterval=00:00:01");

        var old = await EventuallyAnswerAsync(server, "tracer as a plain container on 1.28",
            (patch, warnings) => Tracer(patch) is ("/spec/containers/-", _) && warnings.Any(w => w.Contains("Kubernetes 1.28", StringComparison.Ordinal)));
        Assert.DoesNotContain("appArmorProfile", old.Patch.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("bifrost_apiserver_version_info{version=\"1.28\",git_version=\"v1.28.15-eks-7f9249a\",source=\"discovered\"} 1",
            await server.MetricsAsync(), StringComparison.Ordinal);

        api.State.ServerVersion = FakeApiState.VersionInfo("1", "30", "v1.30.8");
        var upgraded = await EventuallyAnswerAsync(server, "native sidecar after the upgrade to 1.30", (patch, _) => Tracer(patch) is ("/spec/initContainers", _));
        Assert.Contains("appArmorProfile", upgraded.Patch.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(upgraded.Warnings);
        var metrics = await server.MetricsAsync();
        Assert.Contains("bifrost_apiserver_version_info{version=\"1.30\",git_version=\"v1.30.8\",source=\"discovered\"} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("version=\"1.28\"", metrics, StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Admission_VersionUnreadable_UsesTheFallbackThenTheServersOnceItAnswers()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var api = await FakeApiServer.StartAsync();
        api.State.ServerVersion = null;
        await using var server = await StartAsync(certificates, api, "--Bifrost:Kubernetes:MaxBackoff=00:00:01");
        await Eventually.TrueAsync(() => api.State.VersionReads > 0, "a read of /version");

        var fallback = await EventuallyAnswerAsync(server, "fallback 1.27",
            (patch, warnings) => Tracer(patch) is ("/spec/containers/-", _) && warnings.Any(w => w.Contains("Kubernetes 1.27", StringComparison.Ordinal)));
        Assert.DoesNotContain("appArmorProfile", fallback.Patch.ToJsonString(), StringComparison.Ordinal);
        var metrics = await server.MetricsAsync();
        Assert.Contains("bifrost_apiserver_version_info{version=\"1.27\",git_version=\"\",source=\"fallback\"} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("bifrost_apiserver_version_failures_total 0", metrics, StringComparison.Ordinal);

        api.State.ServerVersion = FakeApiState.VersionInfo("", "", "v1.31.2+k3s1");
        await EventuallyAnswerAsync(server, "native sidecar once /version answers", (patch, _) => Tracer(patch) is ("/spec/initContainers", _));
    }

    [RequiresFact("openssl")]
    public async Task Admission_VersionSetting_WinsAndTheServerIsNotAsked()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var api = await FakeApiServer.StartAsync();
        await using var server = await StartAsync(certificates, api, "--Bifrost:Admission:KubernetesVersion=1.29");

        var answer = await EventuallyAnswerAsync(server, "native sidecar, no field on 1.29", (patch, _) => Tracer(patch) is ("/spec/initContainers", _));

        Assert.DoesNotContain("appArmorProfile", answer.Patch.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, api.State.VersionReads);
        Assert.Contains("bifrost_apiserver_version_info{version=\"1.29\",git_version=\"\",source=\"setting\"} 1", await server.MetricsAsync(), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Admission_WithoutClusterOrSetting_GivesTheNewestPod()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Namespaces:team:Labels:bifrost.io/protect=enabled"]);

        var answer = await EventuallyAnswerAsync(server, "newest pod", (patch, _) => Tracer(patch) is ("/spec/initContainers", _));

        Assert.Contains("appArmorProfile", answer.Patch.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("source=\"newest\"", await server.MetricsAsync(), StringComparison.Ordinal);
    }

    private static async Task<WebhookServer> StartAsync(TestCertificates certificates, FakeApiServer api, params string[] settings)
    {
        var namespaces = new ScriptedNamespaceSource();
        namespaces.List("1", Namespace("team", ("bifrost.io/protect", "enabled")));
        return await WebhookServer.StartAsync(certificates, ["--Bifrost:Kubernetes:Enabled=true", "--Bifrost:Kubernetes:MinBackoff=00:00:00.05", .. settings], builder =>
        {
            builder.Services.AddSingleton<IListWatchSource<NamespaceInfo>>(namespaces);
            builder.Services.AddSingleton(api.CreateClient());
        });
    }

    /// <summary>Posts a pod until the answer's patch satisfies <paramref name="condition"/>; the version is read in the background.</summary>
    private static async Task<(JsonArray Patch, List<string> Warnings)> EventuallyAnswerAsync(WebhookServer server, string what, Func<JsonArray, List<string>, bool> condition)
    {
        JsonArray? patch = null;
        List<string> warnings = [];
        await EventuallyAsync(async () =>
        {
            using var response = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-" + Guid.NewGuid().ToString("N"), "team")));
            var answer = await Reviews.ResponseOf(response);
            patch = Reviews.PatchOf(answer);
            warnings = [.. (answer["warnings"] as JsonArray ?? []).Select(w => (string)w!)];
            return patch is not null && condition(patch, warnings);
        }, what);
        return (patch!, warnings);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{what}: not reached within 60 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Where the patch puts the tracer, and the tracer itself.</summary>
    private static (string Path, JsonNode Container)? Tracer(JsonArray patch)
    {
        foreach (var op in patch.OfType<JsonObject>())
        {
            var path = (string)op["path"]!;
            var value = op["value"];
            if (value is JsonObject { } single && (string?)single["name"] == "bifrost-tracer")
                return (path, single);
            if (value is JsonArray list && list.OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == "bifrost-tracer") is { } first)
                return (path, first);
        }

        return null;
    }
}
