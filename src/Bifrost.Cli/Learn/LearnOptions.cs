using System.Globalization;
using Bifrost.Core.AppArmor;
using Bifrost.Tracing.Local;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Cli.Learn;

/// <summary>The options of <c>bifrost learn</c> before its <c>--</c>, checked together before anything runs.</summary>
internal sealed record LearnOptions
{
    public string Format { get; init; } = "profile";

    public ProfileMode Mode { get; init; } = ProfileMode.Enforce;

    public string? Name { get; init; }

    public string? Container { get; init; }

    public string? Output { get; init; }

    /// <summary>The root filesystem to run the command in; null for the host's.</summary>
    public string? Root { get; init; }

    public TraceOptions Trace { get; init; } = new();

    /// <summary>Where to send the observations; null without <c>--report</c>.</summary>
    public ReportTarget? Report { get; init; }

    public static LearnOptions Parse(IReadOnlyList<string> options)
    {
        var settings = new LearnOptions();
        string? report = null, tokenFile = null, caFile = null, pod = null, podUid = null, workload = null;
        var reportTimeout = TimeSpan.FromSeconds(30);
        var reader = new ArgumentReader(options);
        while (reader.Next() is { } option)
        {
            switch (option)
            {
                case "--format":
                    var format = reader.Value();
                    settings = settings with { Format = format is "profile" or "observations" ? format : throw new UsageException("--format takes profile or observations") };
                    break;
                case "--mode":
                    settings = settings with
                    {
                        Mode = reader.Value() switch
                        {
                            "enforce" => ProfileMode.Enforce,
                            "complain" => ProfileMode.Complain,
                            _ => throw new UsageException("--mode takes enforce or complain"),
                        },
                    };
                    break;
                case "--name":
                    settings = settings with { Name = reader.Value() };
                    break;
                case "--container":
                    settings = settings with { Container = reader.Value() };
                    break;
                case "-o" or "--output":
                    settings = settings with { Output = reader.Value() };
                    break;
                case "--root":
                    var root = reader.Value();
                    settings = settings with { Root = LocalLearner.RootProblem(root) is { } problem ? throw new UsageException("--root: " + problem) : root };
                    break;
                case "--ring-bytes":
                    settings = settings with { Trace = settings.Trace with { RingBufferBytes = Positive(reader.Value(), "--ring-bytes takes a positive whole number") } };
                    break;
                case "--report":
                    report = reader.Value();
                    break;
                case "--token-file":
                    tokenFile = reader.Value();
                    break;
                case "--ca-file":
                    caFile = reader.Value();
                    break;
                case "--pod":
                    pod = reader.Value();
                    break;
                case "--pod-uid":
                    podUid = reader.Value();
                    break;
                case "--workload":
                    workload = reader.Value();
                    break;
                case "--report-timeout":
                    reportTimeout = TimeSpan.FromSeconds(Positive(reader.Value(), "--report-timeout takes a positive whole number of seconds"));
                    break;
                default:
                    throw new UsageException($"unknown option {option}");
            }
        }

        if (report is null && (tokenFile ?? caFile ?? pod ?? podUid ?? workload) is not null)
            throw new UsageException("--token-file, --ca-file, --pod, --pod-uid and --workload go with --report");
        // Checked before the command runs, so a mistyped option does not cost a learning run.
        return report is null ? settings : settings with { Report = ReportTarget.Create(report, tokenFile, caFile, pod, podUid, workload, reportTimeout) };
    }

    private static int Positive(string value, string error) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException(error);
}
