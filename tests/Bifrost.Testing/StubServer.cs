using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Bifrost.Testing;

/// <summary>
/// Plain HTTP on real Kestrel at 127.0.0.1 with the routes a test maps: a stand-in for the API server (point a
/// client at <see cref="Url"/>) or any other peer that answers what the test scripts.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubServer(WebApplication app) => this.app = app;

    public string Url => app.Urls.Single();

    public static async Task<StubServer> StartAsync(Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new StubServer(app);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
