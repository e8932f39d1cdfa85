using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bifrost.Core.Observations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bifrost.Testing;

/// <summary>
/// The webhook's <c>POST /v1/observations</c> on real Kestrel at 127.0.0.1, as tracers, agents and
/// <c>bifrost learn</c> see it: 202 with the acknowledged sequence, 401 for a wrong bearer token (when it has one),
/// 503 while <see cref="Down"/>. Over HTTPS its certificate is its own CA (<see cref="CaFile"/>).
/// </summary>
public sealed class FakeIntake : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeIntake(WebApplication app, string directory)
    {
        this.app = app;
        Directory = directory;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>A temporary directory holding <c>ca.crt</c> and <c>token</c>.</summary>
    public string Directory { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string TokenFile => Path.Combine(Directory, "token");

    /// <summary>Every report accepted, with the Authorization header it came with.</summary>
    public ConcurrentQueue<(string? Authorization, ObservationReport Report)> Received { get; } = new();

    public IEnumerable<ObservationReport> Reports => Received.Select(r => r.Report);

    private volatile bool down;

    /// <summary>While true, every report gets 503.</summary>
    public bool Down
    {
        get => down;
        set => down = value;
    }

    public static async Task<FakeIntake> StartAsync(bool https = true, string? token = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("bifrost-intake-").FullName;
        if (token is not null)
            await File.WriteAllTextAsync(Path.Combine(directory, "token"), token + "\n");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (https)
        {
            var certificate = await SelfSignedAsync(Path.Combine(directory, "ca.crt"));
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        var app = builder.Build();
        var intake = new FakeIntake(app, directory);
        app.MapPost(Bifrost.Core.Wire.IntakeApi.ObservationsPath, async (HttpContext context) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (token is not null && authorization != "Bearer " + token)
                return Results.Unauthorized();
            if (intake.Down)
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            var report = await JsonSerializer.DeserializeAsync<ObservationReport>(context.Request.Body, ObservationJson.Options);
            intake.Received.Enqueue((authorization, report!));
            return Results.Accepted(null, new { acknowledged = report!.Sequence });
        });
        await app.StartAsync();
        intake.Endpoint = new Uri(app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return intake;
    }

    // A certificate for 127.0.0.1 that is its own CA, so the file clients trust is the one the server presents.
    private static async Task<X509Certificate2> SelfSignedAsync(string caFile)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(caFile, created.ExportCertificatePem());
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
