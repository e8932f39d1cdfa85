using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bifrost.Webhook.Profiles;

/// <summary>Not ready until the first full list: before it every workload would look new and be put back into learning.</summary>
internal sealed class ProfileCacheHealthCheck(ProfileCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.IsSynced
            ? HealthCheckResult.Healthy($"{cache.Count} profiles cached")
            : HealthCheckResult.Unhealthy("profile cache has not synced with the API server yet"));
}
