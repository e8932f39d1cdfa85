using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bifrost.Webhook.Namespaces;

/// <summary>Not ready until the first full list: before it every pod would look unlabelled and be skipped.</summary>
internal sealed class NamespaceCacheHealthCheck(NamespaceCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.IsSynced
            ? HealthCheckResult.Healthy($"{cache.Count} namespaces cached")
            : HealthCheckResult.Unhealthy("namespace cache has not synced with the API server yet"));
}
