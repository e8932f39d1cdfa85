using Bifrost.Kubernetes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Hosting;

/// <summary>Kestrel's limits and the listen backlog from <c>Bifrost:Server</c>, validated at start.</summary>
internal static class ServerRegistration
{
    public static IServiceCollection AddBifrostServerLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ServerOptions>(configuration, ServerOptions.SectionName, o => o.Validate());
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, options) => Apply(kestrel.Limits, options.Value));
        services.AddOptions<SocketTransportOptions>().Configure<IOptions<ServerOptions>>((sockets, options) => sockets.Backlog = options.Value.ListenBacklog);
        return services;
    }

    private static void Apply(KestrelServerLimits limits, ServerOptions server)
    {
        limits.RequestHeadersTimeout = server.RequestHeadersTimeout;
        limits.KeepAliveTimeout = server.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = server.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(server.MinRequestBodyBytesPerSecond, server.MinRequestBodyGracePeriod)
            : null;
        limits.MaxRequestHeaderCount = server.MaxRequestHeaderCount;
        limits.MaxRequestHeadersTotalSize = server.MaxRequestHeadersTotalBytes;
        limits.MaxRequestLineSize = server.MaxRequestLineBytes;
        limits.MaxConcurrentConnections = server.MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.MaxRequestBodySize = server.MaxRequestBodyBytes;
        limits.Http2.MaxRequestHeaderFieldSize = Math.Min(limits.Http2.MaxRequestHeaderFieldSize, server.MaxRequestHeadersTotalBytes);
    }
}
