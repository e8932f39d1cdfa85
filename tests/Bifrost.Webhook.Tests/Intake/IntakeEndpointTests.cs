using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Intake;

/// <summary>POST /v1/observations on the real webhook over TLS, in local mode (a token file authenticates).</summary>
public sealed class IntakeEndpointTests : IDisposable
{
    private readonly string state = Directory.CreateTempSubdirectory("bifrost-intake-").FullName;

    public void Dispose() => Directory.Delete(state, recursive: true);

    private string[] Settings(string flush = "00:00:00.2", long maxBytes = 4 * 1024 * 1024) =>
    [
        .. WebhookServer.StateSettings(state),
        "--Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled",
        $"--Bifrost:Intake:FlushInterval={flush}",
        $"--Bifrost:Intake:MaxReportBytes={maxBytes}",
    ];

    private string Token => File.ReadAllText(Path.Combine(state, "token")).Trim();

    private static ObservationReport Report(long sequence, string @namespace = "shop", params Observation[] observations) => new()
    {
        Pod = new ReportPod { Namespace = @namespace, Name = "web-5d8f-abcde", Uid = "uid-1", Node = "node-1" },
        Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
        Sequence = sequence,
        Observations = observations.Length > 0 ? observations : [new FileObservation { Container = "app", Path = "/etc/hosts", Access = AccessMask.Read }],
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = JsonContent.Create(body, options: ObservationJson.Options) };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private Task<BifrostProfile?> WaitForProfileAsync(Func<BifrostProfile, bool> done) =>
        ProfileFiles.WaitForAsync(Path.Combine(state, "profiles"), "shop", "deployment-web", done);

    [RequiresFact("openssl")]
    public async Task Post_ValidReport_IsAcceptedAndMergedIntoTheWorkloadsProfile()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var response = await PostAsync(server.Client, Report(1), Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var profile = await WaitForProfileAsync(p => p.Status.Containers.Count > 0);
        Assert.NotNull(profile);
        Assert.Equal(new WorkloadReference("Deployment", "web"), profile.Spec.Workload);
        var app = Assert.Single(profile.Status.Containers);
        Assert.Equal("/etc/hosts", Assert.IsType<FileObservation>(Assert.Single(app.Observed)).Path);
        Assert.Contains("bifrost_intake_reports_total{result=\"accepted\",reason=\"\"} 1", await server.MetricsAsync(), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Post_ReportWithDroppedRecords_CountsThemBySource()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var first = await PostAsync(server.Client, Report(1) with { Dropped = 40 }, Token);
        using var second = await PostAsync(server.Client, Report(2) with { Dropped = 2 }, Token);

        Assert.All([first, second], r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(42, MetricsText.Value(await server.MetricsAsync(), "bifrost_intake_dropped_records_total{source=\"tracer\"}"));
    }

    [RequiresFact("openssl")]
    public async Task Post_SameReportTwice_IsAcknowledgedTwiceAndAppliedOnce()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var first = await PostAsync(server.Client, Report(1), Token);
        using var again = await PostAsync(server.Client, Report(1), Token);
        using var next = await PostAsync(server.Client, Report(2, observations: new CapabilityObservation { Container = "app", Name = "chown", Inferred = true }), Token);

        Assert.All([first, again, next], r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var profile = await WaitForProfileAsync(p => p.Status.Containers.Count > 0 && p.Status.Containers[0].Observed.Count == 2);
        Assert.NotNull(profile);
        Assert.Equal(2, profile.Status.Containers[0].Reports);
    }

    [RequiresFact("openssl")]
    public async Task Post_WithoutOrWithAWrongToken_Is401AndCounted()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings());

        using var missing = await PostAsync(server.Client, Report(1), token: null);
        using var wrong = await PostAsync(server.Client, Report(1), "not-the-token-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("missing-token", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await server.MetricsAsync();
        Assert.Contains("bifrost_intake_reports_total{result=\"rejected\",reason=\"invalid-token\"} 1", metrics, StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Post_BadReports_Get4xxWithTheReason()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, Settings(maxBytes: 4096));

        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = new StringContent("{ nope", null, "application/json") };
        malformed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var malformedAnswer = await server.Client.SendAsync(malformed);
        using var noSequence = await PostAsync(server.Client, Report(0), Token);
        var huge = Enumerable.Range(0, 200).Select(i => (Observation)new FileObservation { Container = "app", Path = $"/data/{i:D40}", Access = AccessMask.Read }).ToArray();
        using var tooLarge = await PostAsync(server.Client, Report(1, observations: huge), Token);
        using var unprotected = await PostAsync(server.Client, Report(1, "plain"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, malformedAnswer.StatusCode);
        Assert.Contains("malformed report", await malformedAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noSequence.StatusCode);
        Assert.Contains("sequence must be 1 or more", await noSequence.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unprotected.StatusCode);
        Assert.Contains("is not protected", await unprotected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Process_KilledAfterAcknowledgingBeforeMerging_LosesNothingAfterRestart()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var webhook = Path.Combine(AppContext.BaseDirectory, "Bifrost.Webhook.dll");
        var port = Ports.Free();
        string[] Arguments(string flush) =>
        [
            webhook, .. WebhookServer.Arguments(certificates.CertFile, certificates.KeyFile, Settings(flush)),
            "--urls", $"https://127.0.0.1:{port}",
        ];

        // First life: reports are acknowledged but the merge is minutes away; then the process is killed outright.
        using (var first = Process.Start(StartInfo(dotnet, Arguments("00:05:00")))!)
        {
            try
            {
                using var client = WebhookServer.CreateClient(new Uri($"https://127.0.0.1:{port}"), [certificates.Ca]);
                await WaitUntilServingAsync(client);
                for (var sequence = 1; sequence <= 5; sequence++)
                {
                    using var answer = await PostAsync(client, Report(sequence, observations: new FileObservation { Container = "app", Path = $"/srv/file-{sequence}", Access = AccessMask.Read }), Token);
                    Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
                }
            }
            finally
            {
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
        }

        Assert.Null(await new LocalProfileStore(Path.Combine(state, "profiles"), TimeProvider.System).GetAsync("shop", "deployment-web", CancellationToken.None));

        // Second life: the write-ahead log is merged.
        using var second = Process.Start(StartInfo(dotnet, Arguments("00:00:00.2")))!;
        try
        {
            var profile = await WaitForProfileAsync(p => p.Status.Containers.Count > 0 && p.Status.Containers[0].Observed.Count == 5);
            Assert.NotNull(profile);
            Assert.Equal(5, profile.Status.Containers[0].Reports);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return start;
    }

    private static async Task WaitUntilServingAsync(HttpClient client)
    {
        for (var stopwatch = Stopwatch.StartNew(); stopwatch.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(100))
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
        }

        throw new TimeoutException("the webhook did not start");
    }
}
