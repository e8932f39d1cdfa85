using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Admission;

public sealed class MutateEndpointTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [RequiresFact("openssl")]
    public async Task Mutate_ProtectedPodInLabelledNamespace_EchoesUidAndReturnsBase64JsonPatch()
    {
        using var response = await Reviews.PostAsync(Client, Reviews.Json(Reviews.Pod("uid-protected-1", "protected")));

        var answer = await Reviews.ResponseOf(response);
        Assert.Equal("uid-protected-1", (string?)answer["uid"]);
        Assert.True((bool)answer["allowed"]!);
        Assert.Equal("JSONPatch", (string?)answer["patchType"]);
        var patch = Reviews.PatchOf(answer)!;
        var paths = patch.Select(op => (string)op!["path"]!).ToList();
        Assert.Contains("/metadata/annotations", paths);
        Assert.Contains("/spec/containers/0/securityContext", paths);
        var tracer = patch.Single(op => (string?)op!["path"] == "/spec/initContainers")!["value"]!.AsArray().Single()!;
        Assert.Equal("bifrost-tracer", (string?)tracer["name"]);
        Assert.All(patch, op => Assert.Equal("add", (string?)op!["op"]));
    }

    [RequiresFact("openssl")]
    public async Task Mutate_ProtectedPod_TracerTrustsTheCaBesideTheServingCertificate()
    {
        using var response = await Reviews.PostAsync(Client, Reviews.Json(Reviews.Pod("uid-protected-ca", "protected")));

        var patch = Reviews.PatchOf(await Reviews.ResponseOf(response))!;
        var tracer = patch.Single(op => (string?)op!["path"] == "/spec/initContainers")!["value"]!.AsArray().Single()!;
        var env = tracer["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
        Assert.Equal(await File.ReadAllTextAsync(fixture.Certificates.CaFile), env["BIFROST_CA_PEM"]);
        Assert.Equal("/host/sys/fs/cgroup", env["BIFROST_CGROUP_ROOT"]);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_PodInUnlabelledNamespace_IsAllowedWithoutPatch()
    {
        using var response = await Reviews.PostAsync(Client, Reviews.Json(Reviews.Pod("uid-plain-1", "plain")));

        var answer = await Reviews.ResponseOf(response);
        Assert.Equal("uid-plain-1", (string?)answer["uid"]);
        Assert.True((bool)answer["allowed"]!);
        Assert.Null(answer["patch"]);
        Assert.Null(answer["patchType"]);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_JsonSentAsTextPlain_IsStillAnswered()
    {
        using var content = new StringContent(Reviews.Pod("uid-text-1", "protected").ToJsonString(), Encoding.UTF8, "text/plain");
        using var response = await Reviews.PostAsync(Client, content);

        var answer = await Reviews.ResponseOf(response);
        Assert.Equal("uid-text-1", (string?)answer["uid"]);
        Assert.NotNull(Reviews.PatchOf(answer));
    }

    public static TheoryData<string, string, string> BadReviews()
    {
        var wrongKind = Reviews.Pod("u", "protected");
        wrongKind["kind"] = "ConfigMap";
        var wrongVersion = Reviews.Pod("u", "protected");
        wrongVersion["apiVersion"] = "admission.k8s.io/v1beta1";
        var noRequest = Reviews.Pod("u", "protected");
        noRequest.Remove("request");
        var noUid = Reviews.Pod("u", "protected");
        noUid["request"]!.AsObject().Remove("uid");
        var notPod = Reviews.Pod("u", "protected");
        notPod["request"]!["resource"] = new JsonObject { ["group"] = "apps", ["version"] = "v1", ["resource"] = "deployments" };
        return new TheoryData<string, string, string>
        {
            { "malformed JSON", "{\"apiVersion\": ", "malformed JSON" },
            { "not an object", "[1, 2]", "JSON object" },
            { "wrong kind", wrongKind.ToJsonString(), "kind must be AdmissionReview" },
            { "wrong apiVersion", wrongVersion.ToJsonString(), "apiVersion must be admission.k8s.io/v1" },
            { "missing request", noRequest.ToJsonString(), "request is missing" },
            { "missing uid", noUid.ToJsonString(), "request.uid is missing" },
            { "non-pod resource", notPod.ToJsonString(), "apps/deployments" },
            { "empty body", "", "malformed JSON" },
        };
    }

    [RequiresTheory("openssl")]
    [MemberData(nameof(BadReviews))]
    public async Task Mutate_BadReview_Returns400NamingTheProblemAndKeepsServing(string _, string body, string expected)
    {
        using var response = await Reviews.PostAsync(Client, Reviews.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(expected, (string?)problem["detail"], StringComparison.Ordinal);

        using var after = await Reviews.PostAsync(Client, Reviews.Json(Reviews.Pod("uid-after-bad", "protected")));
        Assert.Equal("uid-after-bad", (string?)(await Reviews.ResponseOf(after))["uid"]);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_BodyOverLimitWithContentLength_Returns413NamingTheSetting()
    {
        using var response = await Reviews.PostAsync(Client, new ByteArrayContent(new byte[(3 * 1024 * 1024) + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Bifrost:Webhook:MaxRequestBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var health = await Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_StreamedBodyOverLimitWithoutContentLength_Returns413()
    {
        using var response = await Reviews.PostAsync(Client, new UnsizedContent(4 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Bifrost:Webhook:MaxRequestBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var after = await Reviews.PostAsync(Client, Reviews.Json(Reviews.Pod("uid-after-large", "plain")));
        Assert.Equal("uid-after-large", (string?)(await Reviews.ResponseOf(after))["uid"]);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_200RequestsFrom16ParallelClients_AllAnsweredWithTheirOwnUid()
    {
        var clients = Enumerable.Range(0, 16)
            .Select(_ => WebhookServer.CreateClient(fixture.Server.BaseAddress, [fixture.Certificates.Ca]))
            .ToArray();
        try
        {
            var answered = new System.Collections.Concurrent.ConcurrentBag<(string Sent, string? Echoed, bool Patched)>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var uid = $"uid-parallel-{i}";
                var ns = i % 2 == 0 ? "protected" : "plain";
                using var response = await Reviews.PostAsync(clients[i % clients.Length], Reviews.Json(Reviews.Pod(uid, ns)));
                var answer = await Reviews.ResponseOf(response);
                answered.Add((uid, (string?)answer["uid"], answer["patch"] is not null));
            });

            Assert.Equal(200, answered.Count);
            Assert.All(answered, a => Assert.Equal(a.Sent, a.Echoed));
            Assert.Equal(100, answered.Count(a => a.Patched));
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
    }
}
