using System.CommandLine;
using System.CommandLine.Parsing;
using Bifrost.Cli.CommandLine;
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
    /// <summary>Exit code when <c>--report</c> was given and the webhook did not acknowledge the report in time.</summary>
    public const int NotReported = ExitCodes.NotReported;

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public Command Create(CliConsole console)
    {
        var line = new LearnCommandLine();
        var command = new BifrostCommand("learn", "Run a command under the eBPF tracer and print the AppArmor profile it needs (root)")
        {
            Details = """
              bifrost learn [options] -- COMMAND [ARGS...]

            Runs COMMAND as root in a fresh cgroup under Bifrost's eBPF tracer and, when it exits, prints the AppArmor
            profile that allows what it did, or the observations. COMMAND's output and exit code pass through; the
            profile goes to standard output after it, or to --output. A one-line summary goes to standard error.

            With --root DIR, COMMAND runs with DIR as its root directory (as chroot would), found and started by DIR's
            own /bin/sh, and only what runs inside DIR is traced: paths are recorded as the command sees them. Nothing
            is mounted: bind /proc, /dev and what else COMMAND needs into DIR first (mount --bind /proc DIR/proc).

            With --report, what was learned is also sent to a Bifrost webhook as the pod given by --pod and --workload
            would send it; use --container with the pod's container name, so the rules land on that container.
            """,
            ExitCodes = [ExitCodes.Usage, ExitCodes.NotReported, ExitCodes.Unavailable, ExitCodes.Interrupted],
            ExitCodeNote = "COMMAND's own exit code when it ran and everything was printed (and reported)",
        };
        foreach (var option in line.Options)
            command.Options.Add(option);
        command.Arguments.Add(line.Command);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = line.Read(result);
            var dash = result.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
            // Words before '--' that are no option's value land in COMMAND too: 'learn cat' is a mistake, not a command.
            var words = result.GetResult(line.Command)?.Tokens ?? [];
            var afterDash = dash < 0 ? 0 : result.Tokens.Count - dash - 1;
            if (words.Count > afterDash)
                throw new UsageException(words[0].Value is ['-', _, ..] option
                    ? $"unknown option '{option}'{Suggestions.Phrase(option, command)}"
                    : $"unexpected argument '{words[0].Value}': the command to learn goes after '--'");
            if (dash < 0 || words.Count == 0)
                throw new UsageException("the command to learn goes after '--'");
            return RunAsync(result.GetValue(line.Command)!, settings, console, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] words, LearnOptions settings, CliConsole console, CancellationToken cancellationToken)
    {
        var command = words[0];
        // Ctrl-C reaches the command too: give it time to exit by itself, so what it did is still printed.
        using var grace = new CancellationTokenSource();
        using var stopping = cancellationToken.Register(() => grace.CancelAfter(StopGrace));
        var name = settings.Name ?? "bifrost_local_" + Sanitise(Path.GetFileName(command));
        // What prints the result runs once on a sample while COMMAND runs, so that its first-use costs (JIT, the
        // serializer's metadata) are paid then rather than between COMMAND's exit and the prompt.
        Task warm = Task.Run(() => Render(WarmUp, settings, name, TextWriter.Null), CancellationToken.None);
        LearnResult result;
        try
        {
            result = await LocalLearner.RunAsync(command, [.. words.Skip(1)], new LocalLearnOptions { Container = settings.Container, Trace = settings.Trace, Root = settings.Root }, grace.Token).ConfigureAwait(false);
        }
        catch (TracerUnavailableException e)
        {
            await console.Error.WriteLineAsync("bifrost learn: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        catch (OperationCanceledException) when (grace.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"bifrost learn: {command} did not exit within {StopGrace.TotalSeconds:0} s of the interrupt; stopped it, nothing learned").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        // A failure there is the real rendering's to report.
        await warm.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var text = Render(result.Observations, settings, name, console.Error);
        if (settings.Output is not { } output)
            await console.Out.WriteAsync(text).ConfigureAwait(false);
        else
        {
            try
            {
                await File.WriteAllTextAsync(output, text, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"bifrost learn: cannot write {output}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Input;
            }
        }

        var s = result.Stats;
        await console.Error.WriteLineAsync(
            $"bifrost learn: {result.Observations.Count} observations, {s.Emitted} kernel records, {s.Dropped} dropped{(s.Partial ? " (partial: the profile may be missing rules)" : "")}, " +
            $"capabilities {s.Capabilities.ToString().ToLowerInvariant()}, attached in {s.TimeToAttach.TotalMilliseconds:F0} ms").ConfigureAwait(false);
        if (settings.Report is { } target && !await ObservationDelivery.SendAsync(target, result.Observations, (long)s.Dropped, console.Error).ConfigureAwait(false))
            return NotReported;
        return result.ExitCode;
    }

    // One observation of each kind, for the warm-up.
    private static readonly Observation[] WarmUp =
    [
        new FileObservation { Container = "c", Path = "/etc/hostname", Access = AccessMask.Read },
        new ExecObservation { Container = "c", Path = "/bin/true" },
        new SocketObservation { Container = "c", Family = "inet", Type = "stream" },
        new CapabilityObservation { Container = "c", Name = "chown", Inferred = true },
        new SignalObservation { Container = "c", Signal = 15, SamePod = true },
        new PtraceObservation { Container = "c", Mode = "read", SamePod = true },
        new MountObservation { Container = "c", Target = "/mnt" },
    ];

    private static string Render(IReadOnlyList<Observation> observations, LearnOptions settings, string name, TextWriter error) =>
        settings.Format == "observations"
            ? ObservationJson.Serialize(observations) + "\n"
            : Profile(observations, name, settings.Mode, error);

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
