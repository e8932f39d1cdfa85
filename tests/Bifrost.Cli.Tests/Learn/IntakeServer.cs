using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bifrost.Core.Observations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bifrost.Cli.Tests.Learn;

/// <summary>
/// A real HTTPS endpoint answering <c>POST /v1/observations</c> the way the webhook's intake does in local mode
/// (bearer token from a file, 202 once accepted), with a certificate made by <c>certs/generate.sh</c>.
/// </summary>
internal sealed class IntakeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;

    private IntakeServer(WebApplication app, string directory, Uri endpoint)
    {
        this.app = app;
        this.directory = directory;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public string CaFile => Path.Combine(directory, "ca.crt");

    public string TokenFile => Path.Combine(directory, "token");

    public ConcurrentQueue<ObservationReport> Reports { get; } = new();

    public static async Task<IntakeServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("bifrost-intake-").FullName;
        await GenerateCertificatesAsync(directory);
        var token = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await File.WriteAllTextAsync(Path.Combine(directory, "token"), token + "\n");

        var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        IntakeServer? server = null;
        app.MapPost("/v1/observations", async (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + token)
                return Results.Unauthorized();
            var report = await context.Request.ReadFromJsonAsync<ObservationReport>(ObservationJson.Options);
            server!.Reports.Enqueue(report!);
            return Results.Accepted(null, new { acknowledged = report!.Sequence });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new IntakeServer(app, directory, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private static async Task GenerateCertificatesAsync(string directory)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "certs", "generate.sh"), "--force") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["BIFROST_CERTS_DIR"] = directory;
        start.Environment["BIFROST_CERT_DAYS"] = "1";
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "certs/generate.sh failed: " + error);
    }

    /// <summary>The repository this test runs from (the folder holding certs/generate.sh).</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "certs", "generate.sh")))
                return dir.FullName;
        }
        throw new InvalidOperationException("certs/generate.sh not found above " + AppContext.BaseDirectory);
    }
}
