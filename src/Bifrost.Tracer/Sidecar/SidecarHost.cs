using System.Runtime.InteropServices;
using System.Threading.Channels;
using Bifrost.Core.Observations;
using Bifrost.Reporting;
using Bifrost.Tracer.Cgroups;
using Bifrost.Tracer.Reporting;
using Bifrost.Tracer.Tracing;
using Microsoft.Extensions.Logging;

namespace Bifrost.Tracer.Sidecar;

/// <summary>
/// The in-pod tracer: traces its own pod's cgroup (not itself), maps records to container names and reports
/// them; on SIGTERM it drains the kernel's buffer and sends a last report before exiting.
/// </summary>
public static class SidecarHost
{
    private const string AttachedMarker = "/run/bifrost/attached";

    public static async Task<int> RunAsync(string[] args)
    {
        _ = args;
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = logging.CreateLogger("Bifrost.Tracer");
        var (settings, problems) = SidecarSettings.FromEnvironment(Environment.GetEnvironmentVariable);
        if (settings is null)
        {
            foreach (var p in problems)
            {
                SidecarLog.InvalidSetting(logger, p);
            }
            return 2;
        }
        try
        {
            return await TraceAsync(settings, logger).ConfigureAwait(false);
        }
        catch (TracerUnavailableException e)
        {
            SidecarLog.Unavailable(logger, e.Message);
            return 1;
        }
    }

    private static async Task<int> TraceAsync(SidecarSettings settings, ILogger logger)
    {
        Preflight.Check();
        var root = settings.CgroupRoot ?? CgroupFs.Root();
        var (pod, own) = PodCgroupLocator.Locate(root, settings.Reporter.Pod.Uid);
        SidecarLog.Scoped(logger, pod, own);
        var scope = new TraceScope(CgroupFs.IdOf(pod), CgroupFs.LevelOf(root, pod), [CgroupFs.IdOf(own)]);

        using var apiClient = KubernetesContainerNameSource.InClusterClient();
        var names = apiClient is null ? null : new KubernetesContainerNameSource(apiClient, settings.Reporter.Pod.Namespace, settings.Reporter.Pod.Name);
        var containers = new ContainerMap(pod, settings.Containers, names);
        var events = Channel.CreateUnbounded<TraceEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        using var session = TracerSession.Start(scope, new TraceSettings(), e => events.Writer.TryWrite(e), logger);
        Directory.CreateDirectory(Path.GetDirectoryName(AttachedMarker)!);
        await File.WriteAllTextAsync(AttachedMarker, DateTimeOffset.UtcNow.ToString("O")).ConfigureAwait(false);

        using var http = ReportHttpClient.Create(settings.Reporter.CaFile, settings.Reporter.CaPem);
        var reporter = new ObservationReporter(settings.Reporter, http, TimeProvider.System, () => (long)session.Stats().Dropped, logger);
        using var stopping = new CancellationTokenSource();
        using var reporting = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });

        var set = new ObservationSet();
        var consume = ConsumeAsync(events.Reader, containers, set, reporter);
        var report = reporter.RunAsync(reporting.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: drain, then one last report.
        }
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
            var container = await containers.NameOfAsync(e.CgroupId, CancellationToken.None).ConfigureAwait(false);
            if (container is null)
            {
                continue;
            }
            scratch.Clear();
            translator.Translate(e, container, scratch);
            foreach (var o in scratch)
            {
                if (set.Add(o) is { } added)
                {
                    reporter.Enqueue(added);
                }
            }
        }
    }
}
