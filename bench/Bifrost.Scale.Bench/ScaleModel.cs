using System.Diagnostics;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Kubernetes.Resources;
using Bifrost.Webhook.Intake;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bifrost.Scale.Bench;

/// <summary>
/// The controller at scale: the real intake flusher, profile store, merger, profile cache and lifecycle, with the
/// clock simulated, against the stand-in API server in a child process. Tracer reports go straight into the
/// write-ahead log (the intake's HTTP path is measured elsewhere); each simulated flush interval the flusher runs, and
/// each evaluate interval the lifecycle does. Counted per 30 s report period: API requests and bytes of each writer,
/// the watch events and bytes each node agent receives; at the end, the bytes of every stored BifrostProfile and
/// the controller's memory. Prints <c>key=value</c> lines for bench/scale/run.sh.
/// </summary>
internal static class ScaleModel
{
    public static async Task<int> RunAsync(ScaleSettings settings)
    {
        using var server = StandIn();
        var address = new Uri((await server.StandardOutput.ReadLineAsync())!["listening ".Length..]);
        var directory = Directory.CreateTempSubdirectory("bifrost-scale-").FullName;
        try
        {
            await RunAsync(settings, address, directory);
        }
        finally
        {
            server.StandardInput.Close();
            var refused = await server.StandardOutput.ReadLineAsync();
            Console.WriteLine($"standin_{refused?.Replace(' ', '=').Replace('-', '_')}");
            await server.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static async Task RunAsync(ScaleSettings settings, Uri address, string directory)
    {
        var metrics = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        var (flusherCalls, lifecycleCalls) = (new ApiCounter(), new ApiCounter());
        var config = new k8s.KubernetesClientConfiguration { Host = address.ToString() };
        using var flusherClient = new k8s.Kubernetes(config, flusherCalls);
        using var lifecycleClient = new k8s.Kubernetes(config, lifecycleCalls);
        using var informerClient = new k8s.Kubernetes(config);
        var clock = new SimulatedClock(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        var leadership = new LocalLeadership(new LeadershipMetrics(metrics));
        var events = new CountingEvents();

        var renderer = new ProfileRenderer();
        var merger = new ProfileMerger(ObservationKey.Of, o => renderer.Rules(o).Rules.Select(rule => rule.ToString()).ToHashSet(StringComparer.Ordinal));
        await using var log = WriteAheadLog<ObservationReport>.Open(Path.Combine(directory, "wal"), ObservationJson.Options);
        using var flusher = new IntakeFlusher(
            leadership, log, new KubernetesProfileStore(flusherClient), merger, events,
            Options.Create(new IntakeOptions { WalDirectory = Path.Combine(directory, "wal"), FlushInterval = settings.FlushInterval }),
            new IntakeMetrics(metrics), clock, NullLogger<IntakeFlusher>.Instance);

        var kubernetesOptions = new KubernetesOptions();
        var cache = new ProfileCache();
        using var informer = new ProfileCacheInformer<BifrostProfile>(
            BifrostProfile.Plural, p => $"{p.Metadata.Namespace}/{p.Metadata.Name}",
            new CustomObjectSource<BifrostProfile>(informerClient, CustomResource.Profiles, kubernetesOptions, NullLogger.Instance),
            cache, new ProfileCacheMetrics(metrics), Options.Create(kubernetesOptions), TimeProvider.System, NullLogger<ProfileCacheInformer<BifrostProfile>>.Instance);
        using var lifecycle = new LifecycleService(
            new KubernetesProfileStore(lifecycleClient), new ProfileLifecycle(new LearningPolicy(), IncludeResolver.BuiltInOnly), new EveryNodeLoaded(), events,
            new LocalProfileSnapshot(), Options.Create(new LifecycleOptions { EvaluateInterval = settings.EvaluateInterval }), new LifecycleMetrics(metrics), clock,
            NullLogger<LifecycleService>.Instance, leadership,
            new RestartOnEnforce(new LocalWorkloadRestarter(), events, metrics, NullLogger<RestartOnEnforce>.Instance), cache);

        await informer.StartAsync(CancellationToken.None);
        while (!cache.IsSynced)
            await Task.Delay(20);
        var heapBefore = HeapBytes();

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var agents = Enumerable.Range(0, settings.Agents).Select(_ => new AgentWatch(http, address)).ToList();
        foreach (var agent in agents)
            agent.Start("0");

        Console.WriteLine($"workloads={settings.Workloads}");
        Console.WriteLine($"pods={settings.Pods}");
        Console.WriteLine($"agents_measured={settings.Agents}");
        Console.WriteLine($"cycle_seconds={settings.ReportPeriod.TotalSeconds}");
        var reports = new ReportStream(settings);
        var slots = (int)(settings.ReportPeriod / settings.FlushInterval);
        var evaluateEvery = (int)(settings.EvaluateInterval / settings.FlushInterval);
        var wall = Stopwatch.StartNew();
        for (var cycle = 1; cycle <= settings.Cycles; cycle++)
        {
            var started = wall.Elapsed;
            reports.Steady = cycle > settings.LearningCycles;
            var (appending, flushing, evaluating) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            for (var slot = 0; slot < slots; slot++)
            {
                var mark = wall.Elapsed;
                await Task.WhenAll(reports.Slot(slot, slots).Select(r => log.AppendAsync(r, CancellationToken.None)));
                clock.Advance(settings.FlushInterval);
                appending += wall.Elapsed - mark;
                mark = wall.Elapsed;
                if (!await flusher.FlushAsync(CancellationToken.None))
                    Console.WriteLine($"flush_failed cycle={cycle} slot={slot}");
                flushing += wall.Elapsed - mark;
                mark = wall.Elapsed;
                if ((slot + 1) % evaluateEvery == 0)
                    await lifecycle.EvaluateAllAsync(CancellationToken.None);
                evaluating += wall.Elapsed - mark;
            }

            Console.Error.WriteLine($"cycle {cycle}: append {appending.TotalSeconds:F1} s, flush {flushing.TotalSeconds:F1} s, evaluate {evaluating.TotalSeconds:F1} s");

            // Let the agents' watches drain what this period wrote before they are read.
            await Task.Delay(500);
            var seconds = settings.ReportPeriod.TotalSeconds;
            var f = flusherCalls.Take();
            var l = lifecycleCalls.Take();
            var seen = agents.Select(a => a.Take()).ToList();
            var c = $"c{cycle}";
            Console.WriteLine($"{c}_steady={(reports.Steady ? 1 : 0)}");
            Console.WriteLine($"{c}_wall_seconds={(wall.Elapsed - started).TotalSeconds:F1}");
            Console.WriteLine($"{c}_flusher_writes_per_s={f.Writes / seconds:F1}");
            Console.WriteLine($"{c}_flusher_reads_per_s={f.Reads / seconds:F1}");
            Console.WriteLine($"{c}_lifecycle_writes_per_s={l.Writes / seconds:F1}");
            Console.WriteLine($"{c}_writes_per_s={(f.Writes + l.Writes) / seconds:F1}");
            Console.WriteLine($"{c}_write_bytes_per_s={(f.BytesSent + l.BytesSent) / seconds:F0}");
            Console.WriteLine($"{c}_conflicts={f.Conflicts + l.Conflicts}");
            Console.WriteLine($"{c}_agent_events_per_s={seen.Average(s => s.Events) / seconds:F1}");
            Console.WriteLine($"{c}_agent_bytes_per_s={seen.Average(s => s.Bytes) / seconds:F0}");
        }

        var heapAfter = HeapBytes();
        Console.WriteLine($"controller_heap_base_bytes={heapBefore}");
        Console.WriteLine($"controller_heap_bytes={heapAfter}");
        Console.WriteLine($"controller_heap_per_workload_bytes={(heapAfter - heapBefore) / Math.Max(1, cache.Count)}");
        Console.WriteLine($"controller_peak_rss_bytes={Process.GetCurrentProcess().PeakWorkingSet64}");
        Console.WriteLine($"cached_profiles={cache.Count}");
        Console.WriteLine($"events_recorded={events.Count}");

        var sizes = cache.All.Select(p => ProfileSize.Fit(p).Bytes).Order().ToList();
        var largest = cache.All.MaxBy(p => ProfileSize.Bytes(p));
        Console.WriteLine($"profile_bytes_median={sizes[sizes.Count / 2]}");
        Console.WriteLine($"profile_bytes_p99={sizes[(int)(sizes.Count * 0.99)]}");
        Console.WriteLine($"profile_bytes_max={sizes[^1]}");
        Console.WriteLine($"profile_rules_max={largest?.Status.Rules}");
        Console.WriteLine($"profile_observations_max={largest?.Status.Containers.Sum(c => c.Observed.Count)}");
        Console.WriteLine($"etcd_limit_bytes={ProfileSize.EtcdLimit}");
        Console.WriteLine($"budget_bytes={ProfileSize.DefaultBudget}");

        foreach (var agent in agents)
            await agent.DisposeAsync();
        await informer.StopAsync(CancellationToken.None);
    }

    private static long HeapBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Process StandIn()
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self) { ArgumentList = { typeof(ScaleModel).Assembly.Location, "apiserver" } }
            : new ProcessStartInfo(self) { ArgumentList = { "apiserver" } };
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        return Process.Start(start) ?? throw new InvalidOperationException("the stand-in API server did not start");
    }

    /// <summary>Every node has every profile loaded: the gate does not hold a workload back.</summary>
    private sealed class EveryNodeLoaded : INodeGate
    {
        public string? Missing(RenderedProfile profile) => null;
    }

    /// <summary>Events the controller would record, counted.</summary>
    private sealed class CountingEvents : IEventSink
    {
        private int count;

        public int Count => count;

        public Task RecordAsync(Core.Workloads.WorkloadIdentity workload, LifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }
    }
}
