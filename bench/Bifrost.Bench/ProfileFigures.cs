using System.Diagnostics;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Bench;

/// <summary>Merge cost per observation, and the memory 10,000 learned profiles take in a cache.</summary>
internal static class ProfileFigures
{
    public static int Run()
    {
        var merger = new ProfileMerger(ObservationKey.Of, observations =>
            ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = "learned", Mode = ProfileMode.Enforce }).Rules.Select(r => r.ToString()).ToHashSet());

        // A flush's worth: 1,000 reports of 20 observations for one workload, 500 distinct paths in all.
        var reports = Enumerable.Range(1, 1000).Select(i => new ReportInput
        {
            PodUid = $"pod-{i % 10}",
            Sequence = i,
            Observations = [.. Enumerable.Range(0, 20).Select(j => (Observation)new FileObservation { Container = "app", Path = $"/srv/data/file-{(i * 20 + j) % 500}.json", Access = AccessMask.Read })],
        }).ToList();
        merger.Merge(new BifrostProfileStatus(), reports, DateTimeOffset.UnixEpoch);
        var clock = Stopwatch.StartNew();
        const int rounds = 20;
        for (var round = 0; round < rounds; round++)
            merger.Merge(new BifrostProfileStatus(), reports, DateTimeOffset.UnixEpoch);
        var perObservation = clock.Elapsed.TotalNanoseconds / rounds / (reports.Count * 20);
        Console.WriteLine($"merge: {perObservation:F0} ns per observation (1,000 reports of 20 observations in one batch, 500 distinct paths)");

        // 10,000 profiles as the webhook caches them: 40 learned observations and a complain and an enforce profile each.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cache = new List<BifrostProfile>(10_000);
        for (var i = 0; i < 10_000; i++)
        {
            var observed = Enumerable.Range(0, 40).Select(j => (Observation)new FileObservation { Container = "app", Path = $"/srv/app-{i}/lib/file-{j}.so", Access = AccessMask.Read | AccessMask.MmapExec }).ToList();
            var text = ProfileGenerator.Generate(observed, new ProfileGeneratorOptions { Name = $"bifrost_ns_deploy_w{i}_app_learn" }).Text;
            cache.Add(new BifrostProfile
            {
                Metadata = new ObjectMeta { Name = $"deployment-w{i}", Namespace = "ns" },
                Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", $"w{i}") },
                Status = new BifrostProfileStatus
                {
                    Containers = [new ContainerProfileStatus
                    {
                        Name = "app",
                        Observed = observed,
                        Profiles = [RenderedProfile.Create($"bifrost_ns_deploy_w{i}_app_learn", ProfileMode.Complain, text), RenderedProfile.Create($"bifrost_ns_deploy_w{i}_app_x", ProfileMode.Enforce, text.Replace(",complain", "", StringComparison.Ordinal))],
                    }],
                },
            });
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"cache: {(after - before) / 1024.0 / 1024.0:F1} MiB for {cache.Count:N0} profiles (40 observations, 2 rendered profiles each)");
        return 0;
    }
}
