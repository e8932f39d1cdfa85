using System.Diagnostics;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.AppArmor.Bench;

/// <summary>Times profile generation over synthetic observation sets and prints rules and bytes per profile.</summary>
internal static class GenerationBench
{
    public static void Run()
    {
        Console.WriteLine("| input | observations | distinct paths | rules | bytes | best of 3 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Measure("typical web server", Synthetic.Typical(2_000, distinctFiles: 300));
        Measure("1M, mostly repeats", Synthetic.Typical(1_000_000, distinctFiles: 20_000));
        Measure("1M, 100k distinct paths", Synthetic.Typical(1_000_000, distinctFiles: 100_000));
        Measure("1M, all distinct paths", Synthetic.Typical(1_000_000, distinctFiles: 1_000_000));
    }

    private static void Measure(string label, List<Observation> observations)
    {
        var options = new ProfileGeneratorOptions { Name = "bifrost_bench" };
        ProfileGenerator.Generate(observations.Take(1000), options);
        GeneratedProfile? profile = null;
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            profile = ProfileGenerator.Generate(observations, options);
            best = stopwatch.Elapsed < best ? stopwatch.Elapsed : best;
        }
        var distinct = observations.OfType<FileObservation>().Select(f => f.Path).Distinct().Count();
        Console.WriteLine($"| {label} | {observations.Count:N0} | {distinct:N0} | {profile!.Rules.Count:N0} | {profile.Text.Length:N0} | {best.TotalMilliseconds:N0} ms |");
    }
}
