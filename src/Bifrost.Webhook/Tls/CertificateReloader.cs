using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Tls;

/// <summary>
/// Loads the serving certificate before Kestrel starts and keeps it current: a file-system watcher on the
/// files' directories (Kubernetes swaps a <c>..data</c> symlink there) plus a periodic re-read as backstop.
/// A new pair is used only when it loads and matches; otherwise the previous certificate keeps serving.
/// </summary>
internal sealed class CertificateReloader(
    CertificateHolder holder,
    TlsMetrics metrics,
    IOptions<TlsOptions> options,
    TimeProvider time,
    ILogger<CertificateReloader> logger) : BackgroundService
{
    // Writers that are not atomic put down the certificate and the key one after the other; waiting a moment
    // after the first event usually sees both and spares a warning about a mismatched pair.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);
    private const int ExpiryWarningDays = 7;

    private readonly TlsOptions tls = options.Value;
    private readonly Channel<string> changes = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private CertificateFileWatcher? watcher;
    private byte[]? lastFailure;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ServingCertificate? loaded;
        try
        {
            loaded = ServingCertificate.Create(File.ReadAllBytes(tls.CertPath), File.ReadAllBytes(tls.KeyPath));
        }
        catch (Exception e) when (tls.SelfManaged.Enabled && e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // Self-managed: the leader writes the Secret soon (perhaps this process); until its files are here, a
            // certificate made in memory answers the probes and readiness says what is awaited.
            holder.Set(ServingCertificate.NewProvisional(time.GetUtcNow()));
            TlsLog.AwaitingSelfManaged(logger, tls.CertPath, tls.SelfManaged.SecretName, e.Message);
            loaded = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Bifrost:Tls: cannot load the serving certificate from '{tls.CertPath}' (Bifrost:Tls:CertFile) and '{tls.KeyPath}' (Bifrost:Tls:KeyFile): {e.Message}", e);
        }

        if (loaded is not null)
        {
            Serve(loaded);
            TlsLog.Loaded(logger, tls.CertPath, loaded.Describe());
        }

        watcher = new CertificateFileWatcher([tls.CertPath, tls.KeyPath], change => changes.Writer.TryWrite(change),
            (directory, error) => TlsLog.WatchUnavailable(logger, directory, error, tls.CheckInterval));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitForChangeAsync(stoppingToken).ConfigureAwait(false);
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override void Dispose()
    {
        watcher?.Dispose();
        base.Dispose();
    }

    /// <summary>Re-reads both files and serves them if they changed and form a usable pair.</summary>
    internal void Check()
    {
        byte[] certPem, keyPem;
        try
        {
            certPem = File.ReadAllBytes(tls.CertPath);
            keyPem = File.ReadAllBytes(tls.KeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(null, e.Message);
            return;
        }

        var hash = ServingCertificate.Hash(certPem, keyPem);
        if (holder.Current is { Provisional: false } current && current.ContentHash.AsSpan().SequenceEqual(hash))
            return;
        // The same broken content was reported already; a writer finishing the files changes the hash.
        if (lastFailure is { } failed && failed.AsSpan().SequenceEqual(hash))
            return;

        try
        {
            var loaded = ServingCertificate.Create(certPem, keyPem);
            Serve(loaded);
            lastFailure = null;
            metrics.Reloaded(success: true);
            TlsLog.Reloaded(logger, tls.CertPath, loaded.Describe());
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            Fail(hash, e.Message);
        }
    }

    private void Serve(ServingCertificate loaded)
    {
        holder.Set(loaded);
        var notAfter = new DateTimeOffset(loaded.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        metrics.Serving(notAfter);
        if (notAfter - time.GetUtcNow() < TimeSpan.FromDays(ExpiryWarningDays))
            TlsLog.ExpiresSoon(logger, notAfter.UtcDateTime, ExpiryWarningDays);
    }

    private void Fail(byte[]? hash, string error)
    {
        lastFailure = hash;
        metrics.Reloaded(success: false);
        TlsLog.ReloadFailed(logger, tls.CertPath, tls.KeyPath, error);
    }

    private async Task WaitForChangeAsync(CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var changed = changes.Reader.WaitToReadAsync(wake.Token).AsTask();
        var tick = Task.Delay(tls.CheckInterval, time, wake.Token);
        await Task.WhenAny(changed, tick).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();

        if (changes.Reader.TryRead(out var change))
        {
            TlsLog.Changed(logger, change);
            await Task.Delay(Settle, time, stoppingToken).ConfigureAwait(false);
            while (changes.Reader.TryRead(out _))
            {
            }
        }
    }
}
