using Bifrost.Core.Admission;
using Prometheus;

namespace Bifrost.Webhook.Admission;

/// <summary>What the admission endpoint counts. Label values are fixed strings, never taken from a request.</summary>
internal sealed class AdmissionMetrics(IMetricFactory factory)
{
    // Admission sits on the pod-creation path: most answers take well under a millisecond, so the buckets start at 100 µs.
    private static readonly double[] DurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Counter requests = factory.CreateCounter(
        "bifrost_admission_requests_total", "AdmissionReview requests answered, by operation, outcome and dry run.",
        new CounterConfiguration { LabelNames = ["operation", "outcome", "dry_run"] });

    private readonly Histogram duration = factory.CreateHistogram(
        "bifrost_admission_duration_seconds", "Time to answer one AdmissionReview, from reading its body to the answer ready to send.",
        new HistogramConfiguration { Buckets = DurationBuckets });

    private readonly Counter injections = factory.CreateCounter(
        "bifrost_injections_total", "Pods admitted with Bifrost's changes (dry runs excluded), by outcome.",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private readonly Counter skips = factory.CreateCounter(
        "bifrost_admission_skips_total", "Pods left unchanged, or learning without the tracer, by reason (dry runs excluded).",
        new CounterConfiguration { LabelNames = ["reason"] });

    private readonly Counter errors = factory.CreateCounter(
        "bifrost_admission_errors_total", "Faults while answering; the pod was allowed unchanged. source: core (deciding) or host (HTTP layer).",
        new CounterConfiguration { LabelNames = ["source"] });

    public void Answered(AdmissionRequest request, AdmissionDecision decision)
    {
        var outcome = Label(decision.Outcome);
        requests.WithLabels(Operation(request.Operation), outcome, request.DryRun ? "true" : "false").Inc();
        if (request.DryRun)
            return;
        if (decision.Outcome is AdmissionOutcome.Injected or AdmissionOutcome.ProfileOnly or AdmissionOutcome.Enforced)
            injections.WithLabels(outcome).Inc();
        if (decision.Outcome is AdmissionOutcome.Skipped or AdmissionOutcome.ProfileOnly && decision.Reason is { } reason)
            skips.WithLabels(reason).Inc();
    }

    public void Rejected(string outcome) => requests.WithLabels("unknown", outcome, "false").Inc();

    public void Fault(string source) => errors.WithLabels(source).Inc();

    public void Observe(TimeSpan elapsed) => duration.Observe(elapsed.TotalSeconds);

    private static string Label(AdmissionOutcome outcome) => outcome switch
    {
        AdmissionOutcome.Injected => "injected",
        AdmissionOutcome.ProfileOnly => "profile_only",
        AdmissionOutcome.Enforced => "enforced",
        AdmissionOutcome.Skipped => "skipped",
        AdmissionOutcome.Denied => "denied",
        _ => "error",
    };

    // Operation comes from the request; only the four Kubernetes operations become label values.
    private static string Operation(string operation) =>
        operation is "CREATE" or "UPDATE" or "DELETE" or "CONNECT" ? operation : "other";
}
