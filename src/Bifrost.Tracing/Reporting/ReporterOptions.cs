using Bifrost.Core.Observations;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bifrost.Core.Wire;

namespace Bifrost.Tracing.Reporting;

/// <summary>Where and how the sidecar reports. Built from the BIFROST_* environment the webhook injects.</summary>
public sealed record ReporterOptions
{
    /// <summary>Base https URL of the webhook service (BIFROST_ENDPOINT); reports go to {Endpoint}/v1/observations.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Projected service-account token (BIFROST_TOKEN_FILE), re-read before every send because it rotates.</summary>
    public required string TokenFile { get; init; }

    /// <summary>PEM bundle trusted for the endpoint (BIFROST_CA_FILE); the system store when null.</summary>
    public string? CaFile { get; init; }

    /// <summary>The same as PEM text (BIFROST_CA_PEM), as the webhook injects it: a pod's namespace has no file of Bifrost's to mount.</summary>
    public string? CaPem { get; init; }

    public required ReportPod Pod { get; init; }

    public required ReportWorkload Workload { get; init; }

    /// <summary>The traced containers' images (BIFROST_IMAGES), sent with every report.</summary>
    public IReadOnlyDictionary<string, string>? Images { get; init; }

    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Observations held while the service is unreachable; past this, new ones are counted as dropped.</summary>
    public int MaxPending { get; init; } = 20_000;

    public int MaxBatch { get; init; } = 2_000;

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Validate()
    {
        if (Endpoint.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"{TracerEnvironment.Endpoint} must be an https URL (was {Endpoint})";
        }
        if (string.IsNullOrWhiteSpace(TokenFile))
        {
            yield return $"{TracerEnvironment.TokenFile} must name the service-account token file";
        }
        if (CaFile is { Length: > 0 } && !File.Exists(CaFile))
        {
            yield return $"{TracerEnvironment.CaFile}: {CaFile} does not exist";
        }
        if (CaPem is { Length: > 0 } && !HoldsCertificate(CaPem))
        {
            yield return $"{TracerEnvironment.CaPem} must hold at least one PEM certificate";
        }
        if (MaxPending < 1 || MaxBatch < 1)
        {
            yield return "MaxPending and MaxBatch must be positive";
        }
        if (BatchInterval <= TimeSpan.Zero)
        {
            yield return "BatchInterval must be positive";
        }
    }

    private static bool HoldsCertificate(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
            return certificates.Count > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            foreach (var certificate in certificates)
                certificate.Dispose();
        }
    }
}
