using System.Runtime.InteropServices;
using System.Threading.Channels;
using Bifrost.Core.Admission;
using Bifrost.Core.Observations;
using Bifrost.Core.Wire;
using Bifrost.Reporting;
using Bifrost.Tracing.Cgroups;
using Bifrost.Tracing.Reporting;
using Bifrost.Tracing.Tracing;
using Microsoft.Extensions.Logging;

namespace Bifrost.Tracing.Sidecar;

/// <summary>
/// The in-pod tracer: traces its own pod's cgroup (not itself), names records by container and reports them; on
/// SIGTERM it drains the kernel's buffer and sends a last report before exiting. It never holds the app back: when it
/// cannot attach it says why (a file beside the startup probe's, a report to the controller) and stays idle, since a
/// native sidecar that exits is restarted and would keep the app waiting.
/// </summary>
public static class SidecarHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        _ = args;
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = logging.CreateLogger("Bifrost.Tracer");
        using var stopping = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });

        var (settings, problems) = SidecarOptions.FromEnvironment(Environment.GetEnvironmentVariable);
        if (settings is null)
        {
            foreach (var p in problems)
            {
                SidecarLog.InvalidSetting(logger, p);
            }
            // Nothing to report to without settings; the reason stays in the file and the log.
            var runDirectory = Environment.GetEnvironmentVariable(TracerEnvironment.RunDirectory) is { Length: > 0 } dir ? dir : SidecarOptions.DefaultRunDirectory;
            await MarkAsync(runDirectory, TracerSidecar.UnavailableFile, "invalid settings: " + string.Join("; ", problems)).ConfigureAwait(false);
            await IdleAsync(stopping.Token).ConfigureAwait(false);
            return 2;
        }

        using var http = ReportHttpClient.Create(settings.Reporter.CaFile, settings.Reporter.CaPem);
        TracerSession? session = null;
        var reporter = new ObservationReporter(settings.Reporter, http, TimeProvider.System, () => (long)(session?.Stats().Dropped ?? 0), logger);
        try
        {
            var root = settings.CgroupRoot ?? CgroupFs.Root();
            var (pod, own) = PodCgroupLocator.Locate(root, settings.Reporter.Pod.Uid);
            SidecarLog.Scoped(logger, pod, own);
            var scope = new TraceScope(CgroupFs.IdOf(pod), CgroupFs.LevelOf(root, pod), [CgroupFs.IdOf(own)]);
            return await TraceAsync(settings, scope, new ContainerMap(pod, settings.Containers), reporter, s => session = s, logger, stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TracerUnavailableException or IOException or UnauthorizedAccessException)
        {
            var reason = e is TracerUnavailableException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            SidecarLog.Unavailable(logger, reason);
            await MarkAsync(settings.RunDirectory, TracerSidecar.UnavailableFile, reason).ConfigureAwait(false);
            reporter.SetState(new TracerState { State = TracerState.Unavailable, Reason = reason });
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            var report = reporter.RunAsync(reporting.Token);
            await IdleAsync(stopping.Token).ConfigureAwait(false);
            await report.ConfigureAwait(false);
            return 0;
        }
        finally
        {
            session?.Dispose();
        }
    }

    private static async Task<int> TraceAsync(SidecarOptions settings, TraceScope scope, ContainerMap containers, ObservationReporter reporter, Action<TracerSession> started, ILogger logger, CancellationToken stopping)
    {
        var events = Channel.CreateUnbounded<TraceEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // What runs in the pod before the tracer attaches was not seen: those containers are traced from now on
        // (their cgroups would otherwise wait for an exec that already happened) and marked.
        var earlier = containers.Running();
        var session = TracerSession.Start(scope, new TraceOptions(), e => events.Writer.TryWrite(e), logger);
        started(session);
        foreach (var (cgroupId, key) in earlier)
        {
            session.MarkStarted(cgroupId);
            reporter.MarkStartMissed(key.Value);
            SidecarLog.StartMissed(logger, key.Value);
        }
        reporter.SetState(new TracerState { State = TracerState.Attached });
        await MarkAsync(settings.RunDirectory, TracerSidecar.AttachedFile, DateTimeOffset.UtcNow.ToString("O")).ConfigureAwait(false);

        using var reporting = new CancellationTokenSource();
        var set = new ObservationSet();
        var consume = ConsumeAsync(events.Reader, containers, set, reporter);
        var report = reporter.RunAsync(reporting.Token);
        await IdleAsync(stopping).ConfigureAwait(false);

        // SIGTERM: drain, then one last report.
        var stats = session.Stop();
        events.Writer.TryComplete();
        await consume.ConfigureAwait(false);
        await reporting.CancelAsync().ConfigureAwait(false);
        await report.ConfigureAwait(false);
        SidecarLog.Stopping(logger, set.Count, stats.Dropped, reporter.Pending);
        return 0;
    }

    private static async Task ConsumeAsync(ChannelReader<TraceEvent> events, ContainerMap containers, ObservationSet set, ObservationReporter reporter)
    {
        var translator = new EventTranslator();
        var scratch = new List<Observation>();
        await foreach (var e in events.ReadAllAsync().ConfigureAwait(false))
        {
            if (containers.KeyOf(e.CgroupId) is not { } key)
            {
                continue;
            }
            if (key.ById)
            {
                reporter.NameById(key.Value);
            }
            scratch.Clear();
            translator.Translate(e, key.Value, scratch);
            foreach (var o in scratch)
            {
                if (set.Add(o) is { } added)
                {
                    reporter.Enqueue(added);
                }
            }
        }
    }

    /// <summary>Writes the outcome file, then the startup probe's: the app starts once the tracer is attached or has given up.</summary>
    private static async Task MarkAsync(string runDirectory, string outcomeFile, string content)
    {
        Directory.CreateDirectory(runDirectory);
        await WriteWholeAsync(Path.Combine(runDirectory, Path.GetFileName(outcomeFile)), content + "\n").ConfigureAwait(false);
        await WriteWholeAsync(Path.Combine(runDirectory, Path.GetFileName(TracerSidecar.ReadyFile)), DateTimeOffset.UtcNow.ToString("O") + "\n").ConfigureAwait(false);
    }

    /// <summary>Renamed into place: whoever sees the file (a probe, a person) reads all of it.</summary>
    private static async Task WriteWholeAsync(string path, string content)
    {
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, content).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
    }

    private static async Task IdleAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
