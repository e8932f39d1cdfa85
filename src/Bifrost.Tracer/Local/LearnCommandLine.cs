using Bifrost.Core.Observations;
using Bifrost.Tracer.Tracing;

namespace Bifrost.Tracer.Local;

/// <summary><c>learn [--format observations] [--container NAME] [--output FILE] [--ring-bytes N] -- COMMAND ARGS…</c></summary>
public static class LearnCommandLine
{
    public const string Usage = "usage: learn [--format observations] [--container NAME] [--output FILE] [--ring-bytes N] -- COMMAND [ARGS...]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var dash = args.ToList().IndexOf("--");
        if (dash < 0 || dash == args.Count - 1)
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }
        string? container = null, output = null;
        var trace = new TraceSettings();
        for (var i = 0; i < dash; i++)
        {
            var value = i + 1 < dash ? args[i + 1] : null;
            switch (args[i])
            {
                case "--format" when value == "observations":
                case "--container" when value is not null:
                case "--output" when value is not null:
                case "--ring-bytes" when int.TryParse(value, out _):
                    container = args[i] == "--container" ? value : container;
                    output = args[i] == "--output" ? value : output;
                    trace = args[i] == "--ring-bytes" ? trace with { RingBufferBytes = int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture) } : trace;
                    i++;
                    break;
                default:
                    await stderr.WriteLineAsync($"learn: unknown or incomplete option {args[i]}\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }
        try
        {
            var options = new LocalLearnOptions { Container = container, Trace = trace };
            var result = await LocalLearner.RunAsync(args[dash + 1], args.Skip(dash + 2).ToList(), options, cancellationToken).ConfigureAwait(false);
            var json = ObservationJson.Serialize(result.Observations);
            if (output is null)
            {
                await stdout.WriteLineAsync(json).ConfigureAwait(false);
            }
            else
            {
                await File.WriteAllTextAsync(output, json + "\n", cancellationToken).ConfigureAwait(false);
            }
            var s = result.Stats;
            await stderr.WriteLineAsync(
                $"bifrost: {result.Observations.Count} observations, {s.Emitted} kernel records, {s.Dropped} dropped{(s.Partial ? " (partial)" : "")}, capabilities {s.Capabilities.ToString().ToLowerInvariant()}, attached in {s.TimeToAttach.TotalMilliseconds:F0} ms")
                .ConfigureAwait(false);
            return result.ExitCode;
        }
        catch (TracerUnavailableException e)
        {
            await stderr.WriteLineAsync("bifrost learn: " + e.Message).ConfigureAwait(false);
            return 125;
        }
    }
}
