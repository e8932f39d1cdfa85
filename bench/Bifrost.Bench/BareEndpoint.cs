using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bifrost.Bench;

/// <summary>
/// The floor for the load test: Kestrel over the same TLS certificate, reading the body and answering a fixed
/// AdmissionReview, with none of Bifrost's work. The webhook's latency is reported as a ratio against this.
/// </summary>
internal static class BareEndpoint
{
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes(
        """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002","allowed":true}}""");

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var certFile = builder.Configuration["cert"] ?? throw new InvalidOperationException("--cert FILE is required");
        var keyFile = builder.Configuration["key"] ?? throw new InvalidOperationException("--key FILE is required");
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        using var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = ClientCertificateMode.NoCertificate;
        }));
        builder.Logging.ClearProviders();

        var app = builder.Build();
        app.MapPost("/mutate", async (HttpContext context) =>
        {
            // Read the whole body, as the webhook must, so the floor includes the same transfer.
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Answer, context.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }
}
