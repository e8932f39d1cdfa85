using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Bifrost.Webhook.Health;

/// <summary><c>/healthz</c>: the process serves requests. <c>/readyz</c>: every check tagged ready passes.</summary>
internal static class HealthRegistration
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddBifrostHealth(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        // Liveness runs no checks: a missing certificate or an unsynced cache is not fixed by a restart.
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        });
        return endpoints;
    }
}
