using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bifrost.Core.Observations;

namespace Bifrost.Bench;

/// <summary>
/// The intake as a large cluster loads it, against a running webhook's <c>POST /v1/observations</c> on 127.0.0.1.
/// <c>intake-open</c>: reports arrive at a fixed rate whatever the answers (open loop), each from another pod of
/// many workloads, over HTTP/1.1 keep-alive connections as tracers send them; a report's latency runs from the moment
/// it was due, so a stalled server shows in the figures instead of slowing the load down (no coordinated omission).
/// <c>intake-burst</c>: tracers, each with its own open connection, all post one report at the same instant.
/// </summary>
internal static class IntakeOpenLoad
{
    private const int ObservationsPerReport = 20;

    public static async Task<int> RunOpenAsync(string[] args)
    {
        var options = Options(args);
        var rate = Number(options, "rate", 5000);
        var seconds = Number(options, "seconds", 15);
        var warmup = Number(options, "warmup", 5);
        var connections = (int)Number(options, "connections", 256);
        var pods = (int)Number(options, "pods", 150_000);
        var workloads = (int)Number(options, "workloads", 10_000);
        // The first reports (warm-up) only bring the server to its steady state (code compiled, pools filled): not counted.
        var counted = (int)(rate * seconds);
        var skipped = (int)(rate * warmup);
        var total = skipped + counted;
        var token = (await File.ReadAllTextAsync(options["token-file"])).Trim();
        using var ca = X509CertificateLoader.LoadCertificateFromFile(options["ca-file"]);

        // Bodies made before the clock starts: the load generator shares the machine and should spend its time sending.
        // Pod k of the run is a different pod for every report (each reports once in 30 s), spread over the workloads.
        var bodies = new byte[total][];
        Parallel.For(0, total, k => bodies[k] = Body((int)((k * 7919L) % pods), workloads, sequence: 1));

        using var client = new HttpClient(Handler(ca, connections)) { BaseAddress = new Uri(options["url"]), Timeout = TimeSpan.FromSeconds(10) };
        await WarmAsync(client, connections);

        var latencies = new double[total];
        var failures = 0;
        var firstFailure = "";
        var sends = new Task[total];
        var start = Stopwatch.GetTimestamp();
        var ticksPerReport = Stopwatch.Frequency / rate;
        for (var k = 0; k < total; k++)
        {
            var due = start + (long)(k * ticksPerReport);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            sends[k] = SendAsync(k, due);
        }

        var scheduled = Stopwatch.GetElapsedTime(start).TotalSeconds - warmup;
        await Task.WhenAll(sends);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds - warmup;
        var accepted = latencies.Skip(skipped).Where(l => l > 0).Order().ToArray();
        // A report not accepted counts as the slowest (it never was acknowledged), so failures cannot improve the p99.
        var everyCounted = latencies.Skip(skipped).Select(l => l > 0 ? l : double.PositiveInfinity).Order().ToArray();
        Console.WriteLine($"open loop: {counted} reports of {ObservationsPerReport} observations due at {rate:F0}/s over {seconds:F0} s after {warmup:F0} s of warm-up at that rate ({pods} pods, {workloads} workloads, {connections} connections)");
        Console.WriteLine($"sent in {scheduled:F1} s (achieved {counted / scheduled:F0}/s), all answered {elapsed:F1} s after the counted reports began: {accepted.Length} accepted, {failures} failed (warm-up included){(failures > 0 ? $" (first: {firstFailure})" : "")}");
        PrintLatency(accepted);
        var p99 = everyCounted[Math.Min(everyCounted.Length - 1, (int)(everyCounted.Length * 0.99))];
        Console.WriteLine(double.IsFinite(p99) ? $"open loop p99 ms: {p99:F1}" : "open loop p99 ms: unanswered (more than 1 % not accepted)");
        return failures == 0 ? 0 : 1;

        async Task SendAsync(int k, long due)
        {
            // Off the scheduling loop at once: building the request must not delay the next one due.
            await Task.Yield();
            try
            {
                using var request = Request(bodies[k], token);
                using var response = await client.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    latencies[k] = Math.Max(Stopwatch.GetElapsedTime(due).TotalMilliseconds, 0.001);
                }
                else
                {
                    if (Interlocked.Increment(ref failures) == 1)
                        firstFailure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (Interlocked.Increment(ref failures) == 1)
                    firstFailure = e.Message;
            }
        }
    }

    public static async Task<int> RunBurstAsync(string[] args)
    {
        var options = Options(args);
        var tracers = (int)Number(options, "tracers", 1000);
        var token = (await File.ReadAllTextAsync(options["token-file"])).Trim();
        using var ca = X509CertificateLoader.LoadCertificateFromFile(options["ca-file"]);
        var url = new Uri(options["url"]);

        // One client and one connection per tracer, opened (TLS handshake done) before the burst.
        var clients = Enumerable.Range(0, tracers).Select(_ => new HttpClient(Handler(ca, 1)) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        try
        {
            // Opened 50 at a time, as tracers that started at different moments did (1,000 handshakes at once overflow the
            // listen backlog, which is not what this measures).
            foreach (var chunk in clients.Chunk(50))
                await Task.WhenAll(chunk.Select(c => WarmAsync(c, 1)));
            var bodies = Enumerable.Range(0, tracers).Select(t => Body(t * 149, 10_000, sequence: 2)).ToArray();
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var latencies = new double[tracers];
            var failures = 0;
            var start = 0L;
            var posts = Enumerable.Range(0, tracers).Select(async t =>
            {
                using var request = Request(bodies[t], token);
                await go.Task;
                try
                {
                    using var response = await clients[t].SendAsync(request);
                    if (response.IsSuccessStatusCode)
                        latencies[t] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    else
                        Interlocked.Increment(ref failures);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }).ToArray();
            start = Stopwatch.GetTimestamp();
            go.SetResult();
            await Task.WhenAll(posts);
            var all = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var accepted = latencies.Where(l => l > 0).Order().ToArray();
            Console.WriteLine($"burst: {tracers} tracers on open connections posted at once: {accepted.Length} accepted, {failures} failed, all answered after {all:F0} ms");
            PrintLatency(accepted);
            Console.WriteLine(failures == 0 ? $"burst all acknowledged ms: {all:F1}" : $"burst all acknowledged ms: unanswered ({failures} not accepted)");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
    }

    /// <summary>A report of pod <paramref name="pod"/>: 20 observations from its workload's set of files, programs and sockets.</summary>
    internal static byte[] Body(int pod, int workloads, long sequence)
    {
        var workload = pod % workloads;
        var app = $"svc-{workload}";
        var random = new Random(pod);
        var observations = new Observation[ObservationsPerReport];
        for (var i = 0; i < observations.Length; i++)
        {
            var pick = random.Next(100);
            observations[i] = pick switch
            {
                < 70 => new FileObservation { Container = "app", Path = $"/srv/{app}/data/{random.Next(40)}/item-{random.Next(400)}.json", Access = random.Next(4) == 0 ? AccessMask.Read | AccessMask.Write : AccessMask.Read },
                < 85 => new FileObservation { Container = "app", Path = $"/usr/lib/x86_64-linux-gnu/lib{random.Next(60)}.so.{random.Next(3)}", Access = AccessMask.Read | AccessMask.MmapExec },
                < 92 => new ExecObservation { Container = "app", Path = $"/usr/bin/tool-{random.Next(12)}" },
                < 97 => new SocketObservation { Container = "app", Family = "inet", Type = "stream", Protocol = 6 },
                _ => new FileObservation { Container = "sidecar", Path = $"/proc/{random.Next(1, 30000)}/status", Access = AccessMask.Read },
            };
        }

        var report = new ObservationReport
        {
            Pod = new ReportPod { Namespace = "shop", Name = $"{app}-{pod:x5}", Uid = $"0d6f3c1e-{pod:x8}", Node = $"node-{pod % 5000}" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = app },
            Sequence = sequence,
            Images = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = $"registry.example/{app}:1.{workload % 9}" },
            Observations = observations,
        };
        return JsonSerializer.SerializeToUtf8Bytes(report, ObservationJson.Options);
    }

    private static HttpRequestMessage Request(byte[] body, string token)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Opens the connections (TCP and TLS) before the clock starts, as long-running tracers have them.</summary>
    private static Task WarmAsync(HttpClient client, int connections) =>
        Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                    return;
                }
                catch (HttpRequestException) when (attempt < 5)
                {
                    await Task.Delay(100 * attempt);
                }
            }
        }));

    internal static SocketsHttpHandler Handler(X509Certificate2 ca, int connections)
    {
        // As the tracers' client (ReportHttpClient): HTTP/1.1, kept alive.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        return handler;
    }

    private static void PrintLatency(double[] sorted)
    {
        if (sorted.Length == 0)
            return;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]:F1} ms, max {sorted[^1]:F1} ms"));
    }

    private static Dictionary<string, string> Options(string[] args) =>
        args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);

    private static double Number(Dictionary<string, string> options, string name, double fallback) =>
        options.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
