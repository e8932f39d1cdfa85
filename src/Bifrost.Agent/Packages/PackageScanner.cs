using System.Security.Cryptography;
using System.Text;
using Bifrost.Core.Observations;
using Bifrost.Core.Relevancy;
using Bifrost.Reporting;

namespace Bifrost.Agent.Packages;

/// <summary>
/// Reads the package database of each image running on this node through a live container's
/// <c>/proc/PID/root</c> (the agent runs with hostPID), matches it against what the container's workload learned, and
/// reports the packages in use to the intake as a <c>packages</c> report; the leader keeps them in the BifrostProfile's
/// status per container and image. A database is read once per image (a few are kept); a container is matched again
/// only when its observations, window or completeness changed; a report that could not be delivered is sent again at
/// the next round.
/// </summary>
internal sealed class PackageScanner(
    PackageSubjects subjects,
    ReportSender sender,
    PackageStats stats,
    AgentOptions options,
    TimeProvider time,
    ILogger<PackageScanner> logger) : BackgroundService
{
    /// <summary>Images whose databases are kept: a database with file lists holds tens of thousands of paths.</summary>
    private const int MaxCachedImages = 8;

    private readonly Dictionary<string, PackageDatabase?> databases = new(StringComparer.Ordinal);
    private readonly Dictionary<(Core.Workloads.WorkloadIdentity, string, string), string> reported = [];
    private readonly Core.Observations.ReportPod agent = new() { Namespace = options.PodNamespace, Name = options.PodName, Uid = options.PodUid, Node = options.NodeName };
    private long sequence = ReportSequence.First(time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        PackageLog.Scanning(logger, options.PackageScanInterval);
        using var timer = new PeriodicTimer(options.PackageScanInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One round: match what changed and report it. Public for tests that drive the scanner step by step.</summary>
    public async Task ScanOnceAsync(CancellationToken cancellationToken)
    {
        var due = subjects.Snapshot().Select(s => (Subject: s, Fingerprint: Fingerprint(s)))
            .Where(d => reported.GetValueOrDefault(d.Subject.Key) != d.Fingerprint).ToList();
        if (due.Count == 0)
            return;

        var pids = ContainerProcesses.Find(options.ProcRoot, [.. due.Select(d => d.Subject.RuntimeId).Distinct(StringComparer.Ordinal)]);
        var found = new List<(PackageSubject Subject, string Fingerprint, ImagePackages Packages)>();
        foreach (var (subject, fingerprint) in due)
        {
            if (!pids.TryGetValue(subject.RuntimeId, out var pid))
            {
                stats.Read("no-process");
                continue;
            }

            var root = new ImageDirectory(Path.Combine(options.ProcRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "root"));
            if (Database(subject, root) is not { } database)
            {
                reported[subject.Key] = fingerprint; // Nothing to say for this image; looked at again when the observations change.
                continue;
            }

            try
            {
                var packages = PackageInventory.Summarize(subject.Status, subject.Container, subject.Image, database, root) with
                {
                    Node = options.NodeName,
                    UpdatedAt = time.GetUtcNow(),
                };
                found.Add((subject, fingerprint, packages));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stats.Read("failed");
                PackageLog.ReadFailed(logger, subject.Image, subject.Workload, subject.Container.Name, e.Message);
            }
        }

        foreach (var workload in found.GroupBy(f => f.Subject.Workload))
        {
            var report = new ObservationReport
            {
                Pod = agent,
                Workload = new ReportWorkload { Kind = workload.Key.Kind, Name = workload.Key.Name, Namespace = workload.Key.Namespace },
                Source = ReportSource.Packages,
                Sequence = sequence++,
                Observations = [],
                Packages = [.. workload.Select(f => new ContainerPackages(f.Subject.Container.Name, f.Packages))],
            };
            var failure = await sender.SendAsync(report, cancellationToken).ConfigureAwait(false);
            stats.Reported(failure is null);
            if (failure is not null)
            {
                PackageLog.SendFailed(logger, workload.Key, failure);
                continue;
            }

            foreach (var (subject, fingerprint, packages) in workload)
            {
                reported[subject.Key] = fingerprint;
                PackageLog.Reported(logger, workload.Key, subject.Container.Name, subject.Image, packages.Used.Count, packages.Installed);
            }
        }
    }

    /// <summary>The image's packages, read once per image; null (also kept) when the image has no database to read.</summary>
    private PackageDatabase? Database(PackageSubject subject, ImageDirectory root)
    {
        if (databases.TryGetValue(subject.Image, out var known))
            return known;
        PackageDatabase? database;
        try
        {
            database = PackageDatabases.Read(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or PackageDatabaseException)
        {
            stats.Read("failed");
            PackageLog.ReadFailed(logger, subject.Image, subject.Workload, subject.Container.Name, e.Message);
            return null; // Not kept: the next change tries again.
        }

        stats.Read(database is null ? "no-database" : "read");
        if (database is null)
            PackageLog.NoDatabase(logger, subject.Image, subject.Workload, subject.Container.Name);
        if (databases.Count >= MaxCachedImages)
            databases.Clear();
        databases[subject.Image] = database;
        return database;
    }

    /// <summary>What the match depends on: the code files seen, the window, the pods and the completeness.</summary>
    private static string Fingerprint(PackageSubject subject)
    {
        var text = new StringBuilder();
        foreach (var file in SeenFiles.Of(subject.Container.Observed).Where(f => f.Executed || ImagePaths.IsCodeName(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Executed))
            text.Append(file.Path).Append(file.Executed ? '+' : '-').Append('\n');
        var window = SeenFiles.WindowOf(subject.Status, [subject.Container]);
        text.Append(window.From).Append('|').Append(window.To).Append('|').Append(subject.Container.Pods).Append('|')
            .Append(subject.Container.StartMissed).Append('|').Append(subject.Container.DroppedEvents).Append('|')
            .Append(subject.Status.Conditions.Any(c => c.Type == Core.Profiles.ProfileCondition.TracerUnavailable && c.IsTrue));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
