using Bifrost.Agent.Cluster;
using Bifrost.Agent.Loading;
using Prometheus;

namespace Bifrost.Agent.Hosting;

internal static class AgentEndpoints
{
    /// <summary>/healthz (the process runs), /readyz (this node has every profile it needs), /metrics.</summary>
    public static WebApplication MapAgentEndpoints(this WebApplication app)
    {
        // A registry of the agent's own: the default one carries event-counter and meter adapters whose names promtool rejects.
        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        app.Services.GetRequiredService<AgentMetrics>().Register(registry);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (ProfileLoader loader, AgentStatus status) =>
        {
            if (!status.Restored)
                return Results.Text("restoring profiles from the host directory", statusCode: 503);
            if (!status.Synced)
                return Results.Text("waiting for the profile list from the API server", statusCode: 503);
            if (!loader.Ready)
            {
                var missing = loader.Statuses.Where(s => s.State is not (Core.Profiles.NodeProfileState.Loaded or Core.Profiles.NodeProfileState.Compiled))
                    .Select(s => $"{s.Name}: {s.State} {s.Message}");
                return Results.Text("profiles not in place:\n" + string.Join('\n', missing), statusCode: 503);
            }

            return Results.Text("ok");
        });
        app.MapMetrics("/metrics", registry);
        return app;
    }
}
