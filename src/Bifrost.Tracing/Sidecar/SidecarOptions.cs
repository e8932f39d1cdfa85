using Bifrost.Core.Observations;
using Bifrost.Core.Wire;
using Bifrost.Tracing.Reporting;

namespace Bifrost.Tracing.Sidecar;

/// <summary>The sidecar's settings, read from the environment the webhook injects; problems name the variable.</summary>
public sealed record SidecarOptions
{
    public required ReporterOptions Reporter { get; init; }

    /// <summary>App container names from BIFROST_CONTAINERS ("name=profile,name2=profile2").</summary>
    public required IReadOnlySet<string> Containers { get; init; }

    public const string DefaultRunDirectory = "/run/bifrost";

    /// <summary>Where the startup probe's file and the outcome (attached, unavailable) are written (BIFROST_RUN_DIR).</summary>
    public string RunDirectory { get; init; } = DefaultRunDirectory;

    /// <summary>The host's cgroup v2 tree as mounted into the sidecar (BIFROST_CGROUP_ROOT).</summary>
    public string? CgroupRoot { get; init; }

    public static (SidecarOptions? Settings, IReadOnlyList<string> Problems) FromEnvironment(Func<string, string?> env)
    {
        var problems = new List<string>();
        string Need(string name)
        {
            var value = env(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{name} is not set");
            }
            return value ?? "";
        }
        var endpoint = Need(TracerEnvironment.Endpoint);
        var pod = new ReportPod { Namespace = Need(TracerEnvironment.PodNamespace), Name = Need(TracerEnvironment.PodName), Uid = Need(TracerEnvironment.PodUid), Node = env(TracerEnvironment.NodeName) };
        var workload = new ReportWorkload { Kind = Need(TracerEnvironment.WorkloadKind), Name = Need(TracerEnvironment.WorkloadName) };
        var containers = Need(TracerEnvironment.Containers).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
        // "name=image,…": image references contain neither ',' nor '='.
        var images = (env(TracerEnvironment.Images) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[1].Length > 0)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            problems.Add($"{TracerEnvironment.Endpoint} is not an absolute URL ({endpoint})");
            uri = new Uri("https://invalid");
        }
        var reporter = new ReporterOptions
        {
            Endpoint = uri,
            TokenFile = env(TracerEnvironment.TokenFile) ?? IntakeApi.DefaultTokenFile,
            CaFile = env(TracerEnvironment.CaFile),
            CaPem = env(TracerEnvironment.CaPem),
            Pod = pod,
            Workload = workload,
            Images = images.Count == 0 ? null : images,
        };
        problems.AddRange(reporter.Validate());
        var settings = new SidecarOptions { Reporter = reporter, Containers = containers, CgroupRoot = env(TracerEnvironment.CgroupRoot) };
        if (env(TracerEnvironment.RunDirectory) is { Length: > 0 } runDirectory)
        {
            settings = settings with { RunDirectory = runDirectory };
        }
        return (problems.Count == 0 ? settings : null, problems);
    }
}
