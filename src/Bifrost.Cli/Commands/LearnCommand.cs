using System.Globalization;
using Bifrost.Cli.Learn;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;
using Bifrost.Tracer;
using Bifrost.Tracer.Local;
using Bifrost.Tracer.Tracing;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost learn -- COMMAND</c>: runs a command under the eBPF tracer in a fresh cgroup and, when it exits,
/// prints the AppArmor profile for what it did (or the observations). The command's own output and exit code
/// pass through.
/// </summary>
internal sealed class LearnCommand : ICommand
{
    /// <summary>Exit code when the machine cannot trace: not root, no BTF, no libbpf.</summary>
    public const int Unavailable = 125;

    /// <summary>Exit code when the command had to be stopped after an interrupt.</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code when <c>--report</c> was given and the webhook did not acknowledge the report in time.</summary>
    public const int NotReported = 3;

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public string Name => "learn";

    public string Summary => "run a command under the eBPF tracer and print the AppArmor profile it needs (root)";

    public string Help => """
        usage: bifrost learn [options] -- COMMAND [ARGS...]

        Runs COMMAND as root in a fresh cgroup under Bifrost's eBPF tracer. When it exits, prints the AppArmor
        profile that allows what it did, or the observations. COMMAND's output and exit code pass through; the
        profile goes to standard output after it, or to --output. A one-line summary goes to standard error.

        options:
              --format profile|observations   what to print (default: profile)
              --mode enforce|complain         the profile's mode (default: enforce)
              --name NAME                     the profile's name (default: bifrost_local_<command>)
              --container NAME                the container name recorded in observations (default: local)
          -o, --output FILE                   write the profile or observations to FILE
              --ring-bytes N                  the kernel ring buffer's size (a power of two; default 4 MiB)

        reporting to a Bifrost webhook, as a learning pod's tracer would (after printing):
              --report URL                    the webhook's base https URL; reports go to URL/v1/observations
              --token-file FILE               the bearer token (the webhook's Bifrost:Intake:TokenFile in local mode)
              --ca-file FILE                  PEM CA bundle to trust for URL (default: the system store)
              --pod NAMESPACE/NAME            the pod the observations are reported for
              --pod-uid UID                   its UID (default: a stable hash of NAMESPACE/NAME)
              --workload KIND/NAME            its workload, e.g. Deployment/web
              --report-timeout SECONDS        how long to resend before giving up (default: 30)
          Use --container with the pod's container name, so the rules land on that container.

        exit codes: COMMAND's own; 125 when this machine cannot trace (not root, no BTF, no libbpf); 2 bad command line;
        3 when --report was given and the webhook did not acknowledge everything in time

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var dash = args.ToList().IndexOf("--");
        if (dash < 0 || dash == args.Count - 1)
            throw new UsageException("the command to learn goes after '--'");

        var format = "profile";
        var mode = ProfileMode.Enforce;
        string? name = null, container = null, output = null;
        var trace = new TraceSettings();
        string? report = null, tokenFile = null, caFile = null, pod = null, podUid = null, workload = null;
        var reportTimeout = TimeSpan.FromSeconds(30);
        var reader = new ArgumentReader([.. args.Take(dash)]);
        while (reader.Next() is { } option)
        {
            switch (option)
            {
                case "--format":
                    format = reader.Value();
                    if (format is not ("profile" or "observations"))
                        throw new UsageException("--format takes profile or observations");
                    break;
                case "--mode":
                    mode = reader.Value() switch
                    {
                        "enforce" => ProfileMode.Enforce,
                        "complain" => ProfileMode.Complain,
                        _ => throw new UsageException("--mode takes enforce or complain"),
                    };
                    break;
                case "--name":
                    name = reader.Value();
                    break;
                case "--container":
                    container = reader.Value();
                    break;
                case "-o" or "--output":
                    output = reader.Value();
                    break;
                case "--ring-bytes":
                    trace = trace with
                    {
                        RingBufferBytes = int.TryParse(reader.Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
                            ? bytes
                            : throw new UsageException("--ring-bytes takes a positive whole number"),
                    };
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
                    reportTimeout = int.TryParse(reader.Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new UsageException("--report-timeout takes a positive whole number of seconds");
                    break;
                default:
                    throw new UsageException($"unknown option {option}");
            }
        }

        if (report is null && (tokenFile ?? caFile ?? pod ?? podUid ?? workload) is not null)
            throw new UsageException("--token-file, --ca-file, --pod, --pod-uid and --workload go with --report");
        // Checked before the command runs, so a mistyped option does not cost a learning run.
        var target = report is null ? null : ReportTarget.Create(report, tokenFile, caFile, pod, podUid, workload, reportTimeout);

        var command = args[dash + 1];
        // Ctrl-C reaches the command too: give it time to exit by itself, so what it did is still printed.
        using var grace = new CancellationTokenSource();
        using var stopping = cancellationToken.Register(() => grace.CancelAfter(StopGrace));
        LearnResult result;
        try
        {
            result = await LocalLearner.RunAsync(command, [.. args.Skip(dash + 2)], new LocalLearnOptions { Container = container, Trace = trace }, grace.Token).ConfigureAwait(false);
        }
        catch (TracerUnavailableException e)
        {
            await console.Error.WriteLineAsync("bifrost learn: " + e.Message).ConfigureAwait(false);
            return Unavailable;
        }
        catch (OperationCanceledException) when (grace.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"bifrost learn: {command} did not exit within {StopGrace.TotalSeconds:0} s of the interrupt; stopped it, nothing learned").ConfigureAwait(false);
            return Interrupted;
        }

        var text = format == "observations"
            ? ObservationJson.Serialize(result.Observations) + "\n"
            : Profile(result.Observations, name ?? "bifrost_local_" + Sanitise(Path.GetFileName(command)), mode, console.Error);
        if (output is null)
            await console.Out.WriteAsync(text).ConfigureAwait(false);
        else
            await File.WriteAllTextAsync(output, text, CancellationToken.None).ConfigureAwait(false);

        var s = result.Stats;
        await console.Error.WriteLineAsync(
            $"bifrost learn: {result.Observations.Count} observations, {s.Emitted} kernel records, {s.Dropped} dropped{(s.Partial ? " (partial: the profile may be missing rules)" : "")}, " +
            $"capabilities {s.Capabilities.ToString().ToLowerInvariant()}, attached in {s.TimeToAttach.TotalMilliseconds:F0} ms").ConfigureAwait(false);
        if (target is not null && !await ObservationDelivery.SendAsync(target, result.Observations, (long)s.Dropped, console.Error).ConfigureAwait(false))
            return NotReported;
        return result.ExitCode;
    }

    private static string Profile(IReadOnlyList<Observation> observations, string name, ProfileMode mode, TextWriter error)
    {
        var profile = ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = name, Mode = mode });
        foreach (var warning in profile.Warnings)
            error.WriteLine($"bifrost learn: warning: {warning}");
        return profile.Text.EndsWith('\n') ? profile.Text : profile.Text + "\n";
    }

    private static string Sanitise(string command) =>
        new([.. command.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')]);
}
