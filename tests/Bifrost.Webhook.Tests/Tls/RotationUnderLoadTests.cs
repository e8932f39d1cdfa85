using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tls;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bifrost.Webhook.Tests.Tls;

/// <summary>
/// Two replicas with self-managed certificates on seconds-long lifetimes, one leading: the certificate and its CA
/// rotate several times while <c>hey</c> drives <c>/mutate</c> with 64 concurrent connections, a new TLS handshake
/// for every request, and a client that verifies every handshake against the CA bundle published at that moment (as
/// the API server does with the webhook configuration's caBundle) sends reviews to both replicas.
/// </summary>
public sealed partial class RotationUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(20);
    private readonly string directory = Directory.CreateTempSubdirectory("bifrost-selfmanaged-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [RequiresFact("hey")]
    public async Task ThreeRotationsUnderLoad_NoTlsErrorAndNoFailedReview()
    {
        await using var follower = await StartAsync(leading: false, []);
        await using var leader = await StartAsync(leading: true, [$"--Bifrost:Tls:SelfManaged:Replicas:0={follower.BaseAddress}"]);
        var published = Path.Combine(directory, LocalCertificateStore.PublishedFile);
        await EventuallyAsync(() => Task.FromResult(File.Exists(published)), TimeSpan.FromSeconds(30), "the leader to publish its first CA bundle");
        // The API server sends reviews to ready replicas only: a replica is ready once it serves the Secret's certificate.
        foreach (var replica in new[] { leader, follower })
            await EventuallyAsync(async () => (await replica.Client.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromSeconds(30), $"{replica.BaseAddress} to be ready");
        var review = Path.Combine(directory, "review.json");
        await File.WriteAllTextAsync(review, Reviews.Pod("uid-load", "protected").ToJsonString());

        var verifying = new VerifyingClient(published);
        using var stop = new CancellationTokenSource(LoadFor);
        var checkedReviews = Task.WhenAll(Enumerable.Range(0, 4).Select(i => verifying.RunAsync(i % 2 == 0 ? leader.BaseAddress : follower.BaseAddress, stop.Token)));
        var hey = await Processes.RunAsync("hey", [
            "-z", $"{LoadFor.TotalSeconds:0}s", "-c", "64", "-m", "POST", "-T", "application/json", "-D", review, "-disable-keepalive",
            new Uri(leader.BaseAddress, "/mutate").ToString()]);
        await checkedReviews;

        Assert.True(hey.ExitCode == 0, hey.Stderr);
        Assert.DoesNotContain("Error distribution", hey.Stdout, StringComparison.Ordinal);
        var statuses = StatusLine().Matches(hey.Stdout).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(statuses.Keys.SequenceEqual(["200"]), hey.Stdout);
        Assert.True(statuses["200"] > 500, hey.Stdout);

        Assert.True(verifying.Failures.Count == 0, $"{verifying.Failures.Count} failed reviews of {verifying.Succeeded + verifying.Failures.Count}: {string.Join("; ", verifying.Failures.Take(5))} {string.Join("\n", verifying.Rejections)}");
        Assert.True(verifying.Succeeded > 100, $"only {verifying.Succeeded} verified reviews");
        var metrics = await leader.MetricsAsync();
        var leaves = MetricsText.Value(metrics, "bifrost_tls_rotations_total{kind=\"leaf\"}") ?? 0;
        var cas = MetricsText.Value(metrics, "bifrost_tls_rotations_total{kind=\"ca\"}") ?? 0;
        output.WriteLine($"{statuses["200"]} reviews from hey, {verifying.Succeeded} verified reviews, {leaves} leaf and {cas} CA rotations, "
            + $"{verifying.Leaves.Count} serving certificates from {verifying.Issuers.Count} CAs seen\n{hey.Stdout}");
        Assert.True(leaves + cas >= 3, $"{leaves} leaf and {cas} CA rotations");
        Assert.True(cas >= 1, "no CA rotation");
        Assert.True(verifying.Issuers.Count >= 2, $"the verifying client saw certificates from {verifying.Issuers.Count} CA(s)");
        Assert.True(verifying.Leaves.Count >= 4, $"the verifying client saw {verifying.Leaves.Count} serving certificates");

        // Tracers admitted now trust the bundle the replicas mount, the current signer and the next CA included.
        string? given = null;
        await EventuallyAsync(async () => (given = TracerCa(await PostAsync(leader))) == await File.ReadAllTextAsync(Path.Combine(directory, "ca.crt")),
            TimeSpan.FromSeconds(10), "tracers to be given the current CA bundle");
        Assert.InRange(CertificateSet.ParseBundle(given!).Count, 2, 3);
    }

    private async Task<WebhookServer> StartAsync(bool leading, string[] settings)
    {
        string[] common =
        [
            "--Bifrost:Namespaces:protected:Labels:bifrost.io/protect=enabled",
            "--Bifrost:Tls:CheckInterval=00:00:01",
            "--Bifrost:Tls:SelfManaged:Enabled=true",
            "--Bifrost:Tls:SelfManaged:LeafValidity=00:00:09",
            "--Bifrost:Tls:SelfManaged:CaValidity=00:00:27",
            "--Bifrost:Tls:SelfManaged:CheckInterval=00:00:00.5",
        ];
        var app = WebhookApp.Build(WebhookServer.Arguments(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), [.. common, .. settings]),
            builder => builder.Services.AddSingleton<ILeadership>(new FixedLeadership(leading)));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        // Verification is VerifyingClient's; this client only reads metrics and the tracer's CA, whatever the CA of the moment.
        return WebhookServer.Wrap(app, address, new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null },
        }) { BaseAddress = address });
    }

    private static async Task<JsonObject> PostAsync(WebhookServer server)
    {
        using var response = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-ca", "protected")));
        return await Reviews.ResponseOf(response);
    }

    /// <summary>The CA bundle in the injected tracer's environment (the tracer is added as a list of containers).</summary>
    private static string? TracerCa(JsonObject response) =>
        (Reviews.PatchOf(response) ?? [])
            .Select(op => op!["value"])
            .SelectMany(value => value switch { JsonArray list => list.OfType<JsonObject>(), JsonObject one => [one], _ => [] })
            .SelectMany(container => container["env"]?.AsArray().OfType<JsonObject>() ?? [])
            .Where(env => (string?)env["name"] == "BIFROST_CA_PEM")
            .Select(env => (string?)env["value"])
            .FirstOrDefault();

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + Patience.Of(limit);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Patience.Of(limit)} for {what}");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"\[(\d{3})\]\s+(\d+) responses")]
    private static partial Regex StatusLine();

    /// <summary>Reviews over a new connection each, verified against the published bundle as read at that handshake.</summary>
    private sealed class VerifyingClient(string publishedBundle)
    {
        private readonly Lock gate = new();
        public List<string> Failures { get; } = [];
        public List<string> Rejections { get; } = [];
        public HashSet<string> Leaves { get; } = [];
        public HashSet<string> Issuers { get; } = [];
        public int Succeeded { get; private set; }

        public async Task RunAsync(Uri replica, CancellationToken stop)
        {
            using var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.Zero,
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors) },
            };
            using var http = new HttpClient(handler) { BaseAddress = replica, Timeout = TimeSpan.FromSeconds(10) };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var uid = $"verified-{replica.Port}-{i}";
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/mutate") { Content = Reviews.Json(Reviews.Pod(uid, "protected")) };
                    request.Headers.ConnectionClose = true;
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None))!["response"]!;
                    if (!response.IsSuccessStatusCode || (string?)body["uid"] != uid || body["allowed"]?.GetValue<bool>() != true || body["patch"] is null)
                        Fail($"{replica}: {(int)response.StatusCode} {body.ToJsonString()[..Math.Min(200, body.ToJsonString().Length)]}");
                    else
                        lock (gate) Succeeded++;
                }
                catch (HttpRequestException e)
                {
                    Fail($"{replica}: {e.Message} {e.InnerException?.Message}");
                }
            }
        }

        private void Fail(string failure)
        {
            lock (gate) Failures.Add(failure);
        }

        private bool Verify(System.Security.Cryptography.X509Certificates.X509Certificate? certificate, SslPolicyErrors errors)
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                lock (gate)
                    Rejections.Add($"{DateTime.UtcNow:HH:mm:ss.fff} '{certificate?.Subject}': {errors}");
                return false;
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(CertificateSet.ParseBundle(File.ReadAllText(publishedBundle)).ToArray());
            var trusted = chain.Build(leaf);
            lock (gate)
            {
                if (!trusted)
                    Rejections.Add($"{DateTime.UtcNow:HH:mm:ss.fff} leaf {leaf.Thumbprint[..8]} from '{leaf.Issuer}' valid {leaf.NotBefore.ToUniversalTime():HH:mm:ss}-{leaf.NotAfter.ToUniversalTime():HH:mm:ss}: "
                        + $"{string.Join(",", chain.ChainStatus.Select(c => c.Status))}; trusted {string.Join(" | ", chain.ChainPolicy.CustomTrustStore.Select(c => $"{c.Subject} {c.NotBefore.ToUniversalTime():HH:mm:ss}-{c.NotAfter.ToUniversalTime():HH:mm:ss}"))}");
                Leaves.Add(leaf.Thumbprint);
                Issuers.Add(leaf.Issuer);
            }

            return trusted;
        }
    }
}
