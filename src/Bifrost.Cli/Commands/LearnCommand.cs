using System.Globalization;
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

        exit codes: COMMAND's own; 125 when this machine cannot trace (not root, no BTF, no libbpf); 2 bad command line

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
                default:
                    throw new UsageException($"unknown option {option}");
            }
        }

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
