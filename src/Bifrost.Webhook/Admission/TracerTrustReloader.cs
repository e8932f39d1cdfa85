using System.Security.Cryptography;
using System.Threading.Channels;
using Bifrost.Core.Admission;
using Bifrost.Webhook.Tls;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Admission;

/// <summary>
/// Keeps the CA bundle given to injected tracers equal to the CA file (<see cref="TracerCaFile"/>): self-managed
/// certificates publish a new CA there before it signs, so a tracer injected after that trusts the next serving
/// certificate too. Watched like the serving certificate, with the same periodic check as backstop.
/// </summary>
internal sealed class TracerTrustReloader(
    PodMutator mutator, IOptions<AdmissionOptions> admission, IOptions<TlsOptions> tls, TimeProvider time, ILogger<TracerTrustReloader> logger) : BackgroundService
{
    private readonly Channel<bool> changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var file = TracerCaFile.Locate(admission.Value, tls.Value).File;
        using var watcher = new CertificateFileWatcher([file], _ => changes.Writer.TryWrite(true),
            (directory, error) => TlsLog.WatchUnavailable(logger, directory, error, tls.Value.CheckInterval));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Refresh(file);
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(changes.Reader.WaitToReadAsync(wake.Token).AsTask(), Task.Delay(tls.Value.CheckInterval, time, wake.Token)).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                changes.Reader.TryRead(out _);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Reads the file and, if it holds certificates that differ from what tracers get, gives them to new tracers.</summary>
    internal void Refresh(string file)
    {
        string pem;
        try
        {
            if (!File.Exists(file))
                return;
            pem = File.ReadAllText(file);
            var certificates = CertificateSet.ParseBundle(pem);
            var count = certificates.Count;
            foreach (var certificate in certificates)
                certificate.Dispose();
            if (count == 0)
                return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            AdmissionLog.TracerTrustUnreadable(logger, file, e.Message);
            return;
        }

        if (mutator.TrustCaBundle(pem))
            AdmissionLog.TracerTrustChanged(logger, file);
    }
}
