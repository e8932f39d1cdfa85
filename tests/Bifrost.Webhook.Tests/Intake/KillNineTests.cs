using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bifrost.Core.Observations;
using Bifrost.Webhook.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bifrost.Webhook.Tests.Intake;

/// <summary>
/// The controller killed outright (SIGKILL) at random moments while tracers stream reports: at start-up, mid-request,
/// between acknowledging and merging, mid-merge. Tracers resend what was not acknowledged, as real ones do. After the
/// last restart every acknowledged observation is in the profile and no report is counted twice.
/// </summary>
public sealed class KillNineTests(ITestOutputHelper output) : IDisposable
{
    private const int Tracers = 4;
    private readonly string state = Directory.CreateTempSubdirectory("bifrost-kill9-").FullName;
    private long failedPosts;

    public void Dispose() => Directory.Delete(state, recursive: true);

    /// <summary>How many times the process is killed: BIFROST_KILL_POINTS, else 100.</summary>
    private static int KillPoints => int.TryParse(Environment.GetEnvironmentVariable("BIFROST_KILL_POINTS"), out var n) && n > 0 ? n : 100;

    [RequiresFact("openssl")]
    public async Task Killed_at_random_points_while_tracers_stream_the_profile_holds_every_acknowledged_observation_once()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var port = Ports.Free();
        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var sent = new long[Tracers];
        using var stop = new CancellationTokenSource();
        var endpoint = new Uri($"https://127.0.0.1:{port}");
        var tracers = Enumerable.Range(0, Tracers).Select(i => Task.Run(() => StreamAsync(i, endpoint, certificates, acknowledged, sent, stop.Token))).ToList();

        var killed = 0;
        for (; killed < KillPoints; killed++)
        {
            using var life = Process.Start(StartInfo(certificates, port))!;
            try
            {
                // Anywhere from start-up to well into serving and merging (the log is merged every 200 ms).
                await Task.Delay(random.Next(0, 2000));
            }
            finally
            {
                life.Kill(entireProcessTree: true);
                await life.WaitForExitAsync();
            }
        }

        // The last life runs until every tracer's pending report is acknowledged and the log is merged.
        using var last = Process.Start(StartInfo(certificates, port))!;
        try
        {
            await stop.CancelAsync();
            await Task.WhenAll(tracers);
            var expected = acknowledged.Keys.ToHashSet(StringComparer.Ordinal);
            var total = sent.Sum();
            var profile = await ProfileFiles.WaitForAsync(Path.Combine(state, "profiles"), "shop", "deployment-web",
                p => p.Status.Containers.Count == 1 && p.Status.Containers[0].Reports >= total);

            var context = $"seed {seed}, {killed} kills, {total} reports acknowledged";
            Assert.True(profile is not null, $"the profile never held all {total} reports ({context})");
            var app = Assert.Single(profile.Status.Containers);
            var observed = app.Observed.OfType<FileObservation>().Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
            Assert.True(expected.IsSubsetOf(observed), $"lost: {string.Join(", ", expected.Except(observed).Take(5))} ({context})");
            Assert.Equal(expected.Count, observed.Count);
            Assert.Equal(total, app.Reports); // a resend merged again would count twice
            Assert.Equal(Tracers, app.Pods);
            Assert.True(total >= Tracers, $"too few reports went through to show anything ({context})");
            output.WriteLine($"{context}; {Interlocked.Read(ref failedPosts)} posts failed and were resent; {observed.Count} observations, each once");
        }
        finally
        {
            last.Kill(entireProcessTree: true);
            await last.WaitForExitAsync();
        }
    }

    /// <summary>
    /// One tracer: numbered reports of one new file each; a report is resent until acknowledged, then the next one
    /// goes. On stop, the pending report is still delivered before the tracer ends.
    /// </summary>
    private async Task StreamAsync(int tracer, Uri endpoint, TestCertificates certificates, ConcurrentDictionary<string, bool> acknowledged, long[] sent, CancellationToken stop)
    {
        var sequence = 1L;
        using var client = WebhookServer.CreateClient(endpoint, [certificates.Ca]);
        client.Timeout = TimeSpan.FromSeconds(5);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience.Of(TimeSpan.FromMinutes(10)))
        {
            var path = $"/srv/tracer-{(char)('a' + tracer)}/report-{sequence}";
            if (await TryPostAsync(client, tracer, sequence, path))
            {
                acknowledged[path] = true;
                sent[tracer] = sequence;
                if (stop.IsCancellationRequested)
                    return;
                sequence++;
                continue;
            }

            Interlocked.Increment(ref failedPosts);
            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"tracer {tracer} could not deliver report {sequence}");
    }

    private async Task<bool> TryPostAsync(HttpClient client, int tracer, long sequence, string path)
    {
        var tokenFile = Path.Combine(state, "token");
        try
        {
            if (!File.Exists(tokenFile))
                return false;
            var report = new ObservationReport
            {
                Pod = new ReportPod { Namespace = "shop", Name = $"web-5d8f-{tracer}", Uid = $"uid-{tracer}", Node = "node-1" },
                Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
                Sequence = sequence,
                Observations = [new FileObservation { Container = "app", Path = path, Access = AccessMask.Read }],
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = JsonContent.Create(report, options: ObservationJson.Options) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());
            using var answer = await client.SendAsync(request);
            return answer.StatusCode == HttpStatusCode.Accepted;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return false;
        }
    }

    private ProcessStartInfo StartInfo(TestCertificates certificates, int port)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { UseShellExecute = false };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "Bifrost.Webhook.dll"),
            .. WebhookServer.Arguments(certificates.CertFile, certificates.KeyFile,
            [
                .. WebhookServer.StateSettings(state),
                "--Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled",
                "--Bifrost:Intake:FlushInterval=00:00:00.2",
            ]),
            "--urls", $"https://127.0.0.1:{port}",
        ];
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return start;
    }
}
