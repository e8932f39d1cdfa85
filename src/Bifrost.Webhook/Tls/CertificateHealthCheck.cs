using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bifrost.Webhook.Tls;

/// <summary>Ready only with a certificate to serve; an expired one is reported but does not take the webhook out of service.</summary>
internal sealed class CertificateHealthCheck(CertificateHolder holder, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (holder.Current is not { } current)
            return Task.FromResult(HealthCheckResult.Unhealthy("no serving certificate loaded"));
        if (current.Provisional)
            return Task.FromResult(HealthCheckResult.Unhealthy("waiting for the self-managed serving certificate to be written and mounted"));
        if (current.Certificate.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
            return Task.FromResult(HealthCheckResult.Degraded($"serving certificate expired: {current.Describe()}"));
        return Task.FromResult(HealthCheckResult.Healthy(current.Describe()));
    }
}
