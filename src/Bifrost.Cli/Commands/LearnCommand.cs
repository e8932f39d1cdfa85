using Bifrost.Cli.Learn;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;
using Bifrost.Tracing;
using Bifrost.Tracing.Local;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost learn [--root DIR] -- COMMAND</c>: runs a command under the eBPF tracer in a fresh cgroup (inside a root
/// filesystem when given one) and, when it exits, prints the AppArmor profile for what it did (or the observations).
/// The command's own output and exit code pass through.
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

        With --root DIR, COMMAND runs with DIR as its root directory (as chroot would), found and started by DIR's own
        /bin/sh, and only what runs inside DIR is traced: paths are recorded as the command sees them. Nothing is
        mounted: bind /proc, /dev and what else COMMAND needs into DIR first (mount --bind /proc DIR/proc).

        options:
              --format profile|observations   what to print (default: profile)
              --mode enforce|complain         the profile's mode (default: enforce)
              --name NAME                     the profile's name (default: bifrost_local_<command>)
              --container NAME                the container name recorded in observations (default: local)
          -o, --output FILE                   write the profile or observations to FILE
              --root DIR                      run COMMAND inside the root filesystem DIR (it needs a /bin/sh)
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

        var settings = LearnOptions.Parse([.. args.Take(dash)]);
        var command = args[dash + 1];
        // Ctrl-C reaches the command too: give it time to exit by itself, so what it did is still printed.
        using var grace = new CancellationTokenSource();
        using var stopping = cancellationToken.Register(() => grace.CancelAfter(StopGrace));
        LearnResult result;
        try
        {
            result = await LocalLearner.RunAsync(command, [.. args.Skip(dash + 2)], new LocalLearnOptions { Container = settings.Container, Trace = settings.Trace, Root = settings.Root }, grace.Token).ConfigureAwait(false);
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

        var text = settings.Format == "observations"
            ? ObservationJson.Serialize(result.Observations) + "\n"
            : Profile(result.Observations, settings.Name ?? "bifrost_local_" + Sanitise(Path.GetFileName(command)), settings.Mode, console.Error);
        if (settings.Output is not { } output)
            await console.Out.WriteAsync(text).ConfigureAwait(false);
        else
            await File.WriteAllTextAsync(output, text, CancellationToken.None).ConfigureAwait(false);

        var s = result.Stats;
        await console.Error.WriteLineAsync(
            $"bifrost learn: {result.Observations.Count} observations, {s.Emitted} kernel records, {s.Dropped} dropped{(s.Partial ? " (partial: the profile may be missing rules)" : "")}, " +
            $"capabilities {s.Capabilities.ToString().ToLowerInvariant()}, attached in {s.TimeToAttach.TotalMilliseconds:F0} ms").ConfigureAwait(false);
        if (settings.Report is { } target && !await ObservationDelivery.SendAsync(target, result.Observations, (long)s.Dropped, console.Error).ConfigureAwait(false))
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
