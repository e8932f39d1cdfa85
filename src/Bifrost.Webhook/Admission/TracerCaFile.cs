using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bifrost.Core.Admission;
using Bifrost.Webhook.Tls;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Admission;

/// <summary>
/// The CA the injected tracer trusts: <c>Bifrost:Admission:Tracer:CaFile</c>, or <c>ca.crt</c> beside the serving
/// certificate. Checked with the other settings at start, because it is read in the mutator's factory, which the
/// options validation would otherwise never reach until the first <c>/mutate</c>.
/// </summary>
internal sealed class TracerCaFile(IOptions<TlsOptions> tls) : IValidateOptions<AdmissionOptions>
{
    private const string Setting = "Bifrost:Admission:Tracer:CaFile";

    public ValidateOptionsResult Validate(string? name, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TlsOptions serving;
        try
        {
            serving = tls.Value;
        }
        catch (OptionsValidationException)
        {
            // Bifrost:Tls reports its own errors; the default CA file cannot be located without it.
            if (options.Tracer.CaFile is not { Length: > 0 })
                return ValidateOptionsResult.Success;
            serving = new TlsOptions();
        }

        var (file, explicitFile) = Locate(options, serving);
        if (!File.Exists(file))
            return explicitFile ? ValidateOptionsResult.Fail($"{Setting}: {file} does not exist") : ValidateOptionsResult.Success;
        return Problem(file) is { } problem
            ? ValidateOptionsResult.Fail($"{Setting}: {file} {problem}{(explicitFile ? "" : " (found beside Bifrost:Tls:CertFile; set " + Setting + " to another file)")}")
            : ValidateOptionsResult.Success;
    }

    /// <summary>The options with the CA's PEM filled in, or unchanged when there is no CA file (the tracer uses its image's trust store).</summary>
    public static AdmissionOptions WithCaBundle(AdmissionOptions options, TlsOptions tls)
    {
        var (file, _) = Locate(options, tls);
        return File.Exists(file) ? options with { Tracer = options.Tracer with { CaBundle = File.ReadAllText(file) } } : options;
    }

    public static (string File, bool Explicit) Locate(AdmissionOptions options, TlsOptions tls) =>
        options.Tracer.CaFile is { Length: > 0 } explicitFile
            ? (Path.GetFullPath(explicitFile), true)
            : (Path.Combine(Path.GetDirectoryName(tls.CertPath) ?? ".", "ca.crt"), false);

    private static string? Problem(string file)
    {
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            var count = certificates.Count;
            foreach (var certificate in certificates)
                certificate.Dispose();
            return count == 0 ? "holds no PEM certificate" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return $"cannot be read as PEM certificates: {e.Message}";
        }
    }
}
