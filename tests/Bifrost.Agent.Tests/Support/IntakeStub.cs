using System.Collections.Concurrent;
using System.Text.Json;
using Bifrost.Core.Observations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bifrost.Agent.Tests.Support;

/// <summary>The webhook's <c>POST /v1/observations</c> on real Kestrel (127.0.0.1): records what arrives, or answers 503 while down.</summary>
internal sealed class IntakeStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IntakeStub(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<(string? Authorization, ObservationReport Report)> Received { get; } = new();

    public bool Down { get; set; }

    public static async Task<IntakeStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new IntakeStub(app);
        app.MapPost("/v1/observations", async (HttpContext context) =>
        {
            if (stub.Down)
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            var report = await JsonSerializer.DeserializeAsync<ObservationReport>(context.Request.Body, ObservationJson.Options);
            stub.Received.Enqueue((context.Request.Headers.Authorization.ToString(), report!));
            return Results.Accepted(null, new { acknowledged = report!.Sequence });
        });
        await app.StartAsync();
        stub.Endpoint = new Uri(app.Urls.Single());
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
