using System.Text.Json;
using Bifrost.Core.Observations;

namespace Bifrost.Webhook.Intake;

/// <summary>Reads and checks an ObservationReport, with a message that says what is wrong.</summary>
internal static class ReportReader
{
    /// <summary>Bounds on a packages report: containers of one workload, and packages in one image.</summary>
    private const int MaxPackageEntries = 64;
    private const int MaxUsedPackages = 10_000;

    public static ObservationReport? Read(ReadOnlySpan<byte> body, int maxObservations, out string? error)
    {
        ObservationReport? report;
        try
        {
            report = JsonSerializer.Deserialize<ObservationReport>(body, ObservationJson.Options);
        }
        // An observation without its "kind" discriminator is a NotSupportedException, not a JsonException.
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            error = $"malformed report: {e.Message}";
            return null;
        }

        error = report is null ? "the body must be an ObservationReport object" : Check(report, maxObservations);
        return error is null ? report : null;
    }

    private static string? Check(ObservationReport report, int maxObservations)
    {
        // `required` asks only that the property is there: "pod": null passes the deserializer.
        if (report.Pod is null || report.Workload is null || report.Observations is null)
            return "pod, workload and observations are required and must not be null";
        if (report.Kind != ObservationReport.ReportKind)
            return $"kind must be {ObservationReport.ReportKind}, got '{report.Kind}'";
        if (report.ApiVersion != ObservationReport.CurrentApiVersion)
            return $"apiVersion must be {ObservationReport.CurrentApiVersion}, got '{report.ApiVersion}'";
        if (string.IsNullOrEmpty(report.Pod.Namespace) || string.IsNullOrEmpty(report.Pod.Name) || string.IsNullOrEmpty(report.Pod.Uid))
            return "pod.namespace, pod.name and pod.uid are required";
        if (string.IsNullOrEmpty(report.Workload.Kind) || string.IsNullOrEmpty(report.Workload.Name))
            return "workload.kind and workload.name are required";
        if (!ReportSource.IsKnown(report.Source))
            return $"source must be {ReportSource.Tracer}, {ReportSource.Audit}, {ReportSource.Denied} or {ReportSource.Packages}, got '{report.Source}'";
        if ((report.Source == ReportSource.Packages) != (report.Packages is not null))
            return $"packages are sent with source {ReportSource.Packages}, and only there";
        if (report.Packages is { } packages && CheckPackages(packages, report.Observations.Count) is { } packageError)
            return packageError;
        if (report.Workload.Namespace is { } ns && (ns.Length == 0 || (report.Source == ReportSource.Tracer && ns != report.Pod.Namespace)))
            return $"workload.namespace '{ns}': a tracer reports about its own pod's namespace and may leave it out";
        if (report.Sequence < 1)
            return $"sequence must be 1 or more, got {report.Sequence}";
        if (report.Dropped < 0)
            return $"dropped must not be negative, got {report.Dropped}";
        if (report.Observations.Count > maxObservations)
            return $"{report.Observations.Count} observations in one report, at most {maxObservations} (Bifrost:Intake:MaxObservations)";
        if (report.Tracer is { } tracer && !TracerState.IsKnown(tracer.State))
            return $"tracer.state must be {TracerState.Attached} or {TracerState.Unavailable}, got '{tracer.State}'";
        foreach (var container in report.Containers ?? [])
        {
            if (container is null || (container.Id is null) == (container.Name is null))
                return "every entry of containers needs an id or a name, not both";
            if (container.Id is { } id && (id.Length is 0 or > 128 || !id.All(char.IsAsciiLetterOrDigit)))
                return $"containers[].id must be a runtime container id (letters and digits, at most 128), got '{id}'";
        }

        foreach (var observation in report.Observations)
        {
            if (observation is null || string.IsNullOrEmpty(observation.Container))
                return "every observation needs a container";
        }

        return null;
    }

    private static string? CheckPackages(IReadOnlyList<Bifrost.Core.Relevancy.ContainerPackages> packages, int observations)
    {
        if (observations > 0)
            return $"a {ReportSource.Packages} report carries no observations";
        if (packages.Count is 0 or > MaxPackageEntries)
            return $"a {ReportSource.Packages} report carries 1 to {MaxPackageEntries} entries, got {packages.Count}";
        foreach (var entry in packages)
        {
            if (entry?.Packages is not { } found || string.IsNullOrEmpty(entry.Container) || string.IsNullOrEmpty(found.Image) || string.IsNullOrEmpty(found.Database))
                return "every entry of packages needs a container and packages with an image and a database";
            if (found.Used is null || found.Used.Count > MaxUsedPackages || found.Used.Any(p => p is null || string.IsNullOrEmpty(p.Name)))
                return $"packages.used lists at most {MaxUsedPackages} packages, each with a name";
            if (found.Installed < found.Used.Count)
                return $"packages.installed ({found.Installed}) is less than the packages used ({found.Used.Count})";
        }

        return null;
    }
}
