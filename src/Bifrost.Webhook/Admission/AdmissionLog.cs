using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Admission;

/// <summary>Log events of the admission endpoint (ids 1000-1099).</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(1000, LogLevel.Debug, "Admission {Uid} {Operation} in {Namespace}: {Outcome} ({Reason}), dry run {DryRun}, {ElapsedMs:F3} ms")]
    public static partial void Answered(ILogger logger, string uid, string operation, string @namespace, AdmissionOutcome outcome, string? reason, bool dryRun, double elapsedMs);

    [LoggerMessage(1001, LogLevel.Warning, "Rejected an AdmissionReview from {Remote}: {Error}")]
    public static partial void BadRequest(ILogger logger, string? remote, string? error);

    [LoggerMessage(1002, LogLevel.Warning, "Rejected an AdmissionReview from {Remote}: body larger than {Limit} bytes (Bifrost:Webhook:MaxRequestBytes)")]
    public static partial void TooLarge(ILogger logger, string? remote, long limit);

    [LoggerMessage(1003, LogLevel.Error, "Fault while deciding admission {Uid} in {Namespace}; the pod was allowed unchanged")]
    public static partial void CoreFault(ILogger logger, Exception fault, string uid, string @namespace);

    [LoggerMessage(1004, LogLevel.Error, "Fault in the admission endpoint; answered {Answer} for uid {Uid}")]
    public static partial void HostFault(ILogger logger, Exception fault, string answer, string? uid);

    [LoggerMessage(1005, LogLevel.Information, "Admission {Uid} in {Namespace}: {Outcome} for {Workload}")]
    public static partial void Mutated(ILogger logger, string uid, string @namespace, AdmissionOutcome outcome, string? workload);

    [LoggerMessage(1006, LogLevel.Information, "TracerSkipped on {Workload}: {Message}")]
    public static partial void TracerSkipped(ILogger logger, string workload, string message);

    [LoggerMessage(1007, LogLevel.Warning, "Could not record Event TracerSkipped on {Workload}")]
    public static partial void TracerSkippedEventFailed(ILogger logger, Exception fault, string workload);

    [LoggerMessage(1010, LogLevel.Warning, "Admission {Uid} in {Namespace}: denied the opt-out of {User}: {Denial}")]
    public static partial void OptOutRefused(ILogger logger, string uid, string @namespace, string user, string? denial);

    [LoggerMessage(1011, LogLevel.Warning, "Could not check whether {User} may opt pods out in {Namespace}; protecting the pod anyway")]
    public static partial void OptOutCheckFailed(ILogger logger, Exception fault, string user, string @namespace);

    [LoggerMessage(1008, LogLevel.Information, "Admission self-test passed: a canned review built a patch")]
    public static partial void SelfTestPassed(ILogger logger);

    [LoggerMessage(1014, LogLevel.Debug, "Admission warmed up: the canned review answered {Runs} more times in {ElapsedMs:F1} ms")]
    public static partial void WarmedUp(ILogger logger, int runs, double elapsedMs);

    [LoggerMessage(1009, LogLevel.Error, "Admission self-test failed, /readyz stays unready; trying again in {Wait}: {Failure}")]
    public static partial void SelfTestFailed(ILogger logger, string failure, TimeSpan wait);

    [LoggerMessage(1012, LogLevel.Warning, "Cannot read the CA bundle for tracers at {File} ({Error}); tracers keep the bundle read before")]
    public static partial void TracerTrustUnreadable(ILogger logger, string file, string error);

    [LoggerMessage(1013, LogLevel.Information, "Tracers injected from now on trust the CA bundle changed in {File}")]
    public static partial void TracerTrustChanged(ILogger logger, string file);
}
