using System.Globalization;

namespace Bifrost.Scale.Bench;

/// <summary>The cluster the model simulates, at 1/10 of the 5,000-node, 150,000-pod, 10,000-workload target by default.</summary>
internal sealed record ScaleSettings
{
    public int Workloads { get; init; } = 1_000;
    public int PodsPerWorkload { get; init; } = 15;
    public int Nodes { get; init; } = 500;

    /// <summary>Simulated report periods of 30 s; the first is the start of learning, the last the steady state.</summary>
    public int Cycles { get; init; } = 3;

    /// <summary>Periods in which pods may show new accesses; in the later ones they repeat what was learned (steady state).</summary>
    public int LearningCycles { get; init; } = 2;

    /// <summary>Node agents whose watch of BifrostProfiles is measured (each sees the same stream).</summary>
    public int Agents { get; init; } = 3;

    public int ObservationsPerReport { get; init; } = 20;

    /// <summary>Distinct generalisable accesses per container, drawn skewed so that new ones keep trickling in.</summary>
    public int Vocabulary { get; init; } = 600;

    public TimeSpan ReportPeriod { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan EvaluateInterval { get; init; } = TimeSpan.FromSeconds(15);

    public int Pods => Workloads * PodsPerWorkload;

    public static ScaleSettings Parse(string[] args)
    {
        var settings = new ScaleSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--workloads" => settings with { Workloads = value },
                "--pods-per-workload" => settings with { PodsPerWorkload = value },
                "--cycles" => settings with { Cycles = value },
                "--learning-cycles" => settings with { LearningCycles = value },
                "--agents" => settings with { Agents = value },
                "--nodes" => settings with { Nodes = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return settings;
    }
}
