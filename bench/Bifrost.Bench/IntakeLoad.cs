using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Bifrost.Core.Observations;

namespace Bifrost.Bench;

/// <summary>
/// Simulated tracers against a running webhook's <c>POST /v1/observations</c>: each sends numbered reports of new
/// observations for its own pod as fast as it is answered, for a bounded time, on 127.0.0.1 only.
/// </summary>
internal static class IntakeLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
        var url = new Uri(options["url"]);
        var token = (await File.ReadAllTextAsync(options["token-file"])).Trim();
        var tracers = int.Parse(options.GetValueOrDefault("tracers", "1000"), System.Globalization.CultureInfo.InvariantCulture);
        var seconds = double.Parse(options.GetValueOrDefault("seconds", "10"), System.Globalization.CultureInfo.InvariantCulture);
        // Answers within the first seconds (code being compiled, pools filling) are not counted.
        var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup", "0"), System.Globalization.CultureInfo.InvariantCulture));
        using var ca = X509CertificateLoader.LoadCertificateFromFile(options["ca-file"]);

        using var client = new HttpClient(IntakeOpenLoad.Handler(ca, 64)) { BaseAddress = url };
        var latencies = new List<double>[tracers];
        var failures = 0;
        var warmedUp = 0;
        var observations = 0L;
        using var stop = new CancellationTokenSource(warmup + TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, tracers).Select(async tracer =>
        {
            latencies[tracer] = [];
            for (var sequence = 1L; !stop.IsCancellationRequested; sequence++)
            {
                var report = new ObservationReport
                {
                    Pod = new ReportPod { Namespace = "shop", Name = $"web-{tracer % 50}-{tracer}", Uid = $"pod-{tracer}" },
                    Workload = new ReportWorkload { Kind = "Deployment", Name = $"web-{tracer % 50}" },
                    Sequence = sequence,
                    Observations = [.. Enumerable.Range(0, 20).Select(i => (Observation)new FileObservation
                    {
                        Container = "app",
                        Path = $"/srv/data/{tracer % 7}/file-{(sequence * 20 + i) % 500}.json",
                        Access = AccessMask.Read,
                    })],
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = JsonContent.Create(report, options: ObservationJson.Options) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, CancellationToken.None);
                    if (response.IsSuccessStatusCode)
                    {
                        if (clock.Elapsed < warmup)
                        {
                            Interlocked.Increment(ref warmedUp);
                            continue;
                        }

                        latencies[tracer].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Add(ref observations, report.Observations.Count);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var elapsed = clock.Elapsed.TotalSeconds - warmup.TotalSeconds;
        Console.WriteLine($"tracers {tracers}, {elapsed:F1} s{(warmup > TimeSpan.Zero ? $" after {warmup.TotalSeconds:F0} s of warm-up" : "")}: {all.Length} reports accepted ({all.Length / elapsed:F0}/s, {observations / elapsed:F0} observations/s), {failures} failed");
        if (all.Length > 0)
            Console.WriteLine($"latency p50 {all[all.Length / 2]:F1} ms, p99 {all[(int)(all.Length * 0.99)]:F1} ms, max {all[^1]:F1} ms");
        Console.WriteLine($"accepted in all, warm-up included: {all.Length + warmedUp}");
        return failures == 0 ? 0 : 1;
    }
}
