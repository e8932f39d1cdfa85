using Bifrost.Core.Observations;

namespace Bifrost.Scale.Bench;

/// <summary>
/// The tracers of the simulated cluster: every pod reports once per report period, at an offset of its own, with a
/// fixed number of observations drawn from its workload's accesses. The draw is skewed (most reports repeat common
/// accesses, rare ones turn up now and then), so learning goes on slowly after the first period, as it does for
/// real workloads.
/// </summary>
internal sealed class ReportStream(ScaleSettings settings)
{
    private readonly long[] sequences = new long[settings.Pods];
    private readonly List<int>[] drawn = [.. Enumerable.Range(0, settings.Workloads).Select(_ => new List<int>())];
    private readonly Random random = new(17);

    /// <summary>
    /// Once set, pods repeat only accesses their workload showed before: the steady state of a workload that learned
    /// what it does, which is where a cluster spends most of its time.
    /// </summary>
    public bool Steady { get; set; }

    /// <summary>The reports of the pods whose turn is slot <paramref name="slot"/> of <paramref name="slots"/> in a period.</summary>
    public IEnumerable<ObservationReport> Slot(int slot, int slots)
    {
        for (var pod = 0; pod < settings.Pods; pod++)
        {
            if (pod % slots != slot)
                continue;
            var workload = pod / settings.PodsPerWorkload;
            yield return new ObservationReport
            {
                Pod = new ReportPod { Namespace = Namespace(workload), Name = $"app-{workload}-{pod % settings.PodsPerWorkload:D2}-x7k2p", Uid = $"pod-{pod:D6}", Node = $"node-{pod % settings.Nodes:D4}" },
                Workload = new ReportWorkload { Kind = "Deployment", Name = $"app-{workload}", Namespace = Namespace(workload) },
                Sequence = ++sequences[pod],
                Images = new Dictionary<string, string> { ["app"] = $"registry.example.com/team-{workload % 40}/app-{workload}@sha256:{workload:x64}" },
                Observations = [.. Enumerable.Range(0, settings.ObservationsPerReport).Select(_ => Draw(workload))],
            };
        }
    }

    public static string Namespace(int workload) => $"team-{workload % 40:D2}";

    private Observation Draw(int workload)
    {
        // Index skewed towards 0: u^3 makes the first tenth of the accesses about half of all draws.
        var u = random.NextDouble();
        var seen = drawn[workload];
        var i = Steady && seen.Count > 0 ? seen[random.Next(seen.Count)] : (int)(u * u * u * settings.Vocabulary);
        if (!Steady)
            seen.Add(i);
        var container = workload % 5 == 0 && i % 4 == 0 ? "sidecar" : "app";
        return (i % 10) switch
        {
            0 => new FileObservation { Container = container, Path = $"/usr/lib/x86_64-linux-gnu/libmod{i}.so.{i % 7}", Access = AccessMask.Read | AccessMask.MmapExec },
            1 => new FileObservation { Container = container, Path = $"/app/static/{(i * 2654435761L) & 0xffffff:x6}/chunk-{i}.js", Access = AccessMask.Read },
            2 => new FileObservation { Container = container, Path = $"/etc/app/conf.d/{i:D4}-settings.yaml", Access = AccessMask.Read },
            3 => new FileObservation { Container = container, Path = $"/var/cache/app-{workload}/{(i * 40503L) & 0xffffffff:x8}.bin", Access = AccessMask.Read | AccessMask.Write },
            4 => new FileObservation { Container = container, Path = $"/proc/{i * 37}/status", Access = AccessMask.Read },
            5 => new FileObservation { Container = container, Path = $"/srv/data/shard-{i % 16:D2}/segment-{i:D6}.log", Access = AccessMask.Write },
            6 => new FileObservation { Container = container, Path = $"/usr/share/zoneinfo/Region{i % 9}/City{i}", Access = AccessMask.Read },
            7 => new ExecObservation { Container = container, Path = $"/usr/local/bin/tool-{i % 50}" },
            8 => new FileObservation { Container = container, Path = $"/tmp/app-{workload}/upload-{i}.part", Access = AccessMask.Read | AccessMask.Write },
            _ => new CapabilityObservation { Container = container, Name = (i % 3) switch { 0 => "chown", 1 => "net_bind_service", _ => "setuid" } },
        };
    }
}
