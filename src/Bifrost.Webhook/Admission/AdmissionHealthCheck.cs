using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bifrost.Webhook.Admission;

/// <summary>Ready once the canned admission review has built a patch; otherwise unhealthy with the reason.</summary>
internal sealed class AdmissionHealthCheck(AdmissionSelfTest selfTest) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(selfTest.Failure is { } failure
            ? HealthCheckResult.Unhealthy(failure)
            : HealthCheckResult.Healthy("a canned admission review built a patch"));
}
