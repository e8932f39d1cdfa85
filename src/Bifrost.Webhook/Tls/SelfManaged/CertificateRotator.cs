using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bifrost.Kubernetes.Leadership;

namespace Bifrost.Webhook.Tls;

/// <summary>What one round of <see cref="CertificateRotator"/> did.</summary>
internal enum RotationStep
{
    None,
    Created,
    RotatedLeaf,
    RotatedCa,
    Republished,
    AwaitingReplicas,
    OverlapEnded,
    NotOurs,
}

/// <summary>
/// The leader's care of the self-managed certificates, once every <see cref="SelfManagedOptions.CheckInterval"/>:
/// <list type="bullet">
/// <item>None stored (or unusable): a signing CA, a next CA and a serving certificate; the CAs are published to the
/// webhook configuration before the Secret is written, so the API server trusts the certificate before anyone serves it.</item>
/// <item>At two thirds of the serving certificate's life, a new one. When the next CA has been published for a third of
/// its life it becomes the signer and a new next CA is published: a client that read the bundle once (an injected
/// tracer, an agent) already trusts the signer of every certificate until the rotation after that.</item>
/// <item>After a rotation, the old CA stays trusted until every replica presents the new certificate in a TLS
/// handshake; then the bundle is the signing and the next CA again.</item>
/// </list>
/// Replicas follow through the files of the Secret they mount; the leader serves what it wrote at once.
/// </summary>
internal sealed class CertificateRotator(
    ICertificateStore store,
    IReplicaCertificates replicas,
    ILeadership leadership,
    CertificateHolder holder,
    TlsMetrics metrics,
    SelfManagedOptions options,
    IReadOnlyList<string> names,
    TimeProvider time,
    ILogger<CertificateRotator> logger) : BackgroundService
{
    private string? lastWaiting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (leadership.IsLeader)
            {
                try
                {
                    await RotateOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (CertificateStoreConflictException e)
                {
                    TlsLog.Conflict(logger, e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    metrics.RotationFailed();
                    TlsLog.RoundFailed(logger, e.Message, options.CheckInterval);
                }
            }

            try
            {
                await Task.Delay(options.CheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One round: creates, rotates, repairs the published bundle or ends an overlap, whichever is due.</summary>
    internal async Task<RotationStep> RotateOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stored = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (stored.Owner is { } owner)
        {
            TlsLog.Foreign(logger, store.Location, owner);
            return RotationStep.NotOurs;
        }

        var published = await store.ReadPublishedAsync(cancellationToken).ConfigureAwait(false);
        string? problem = stored.Problem;
        using var current = stored.Set is { } set ? Parse(set, ref problem) : null;
        if (current is null)
        {
            if (stored.Version is not null)
                TlsLog.Replacing(logger, store.Location, problem ?? "unreadable");
            await CreateAsync(stored.Version, published, now, cancellationToken).ConfigureAwait(false);
            return RotationStep.Created;
        }

        var step = RotationStep.None;
        metrics.Trusted(current.Bundle.Count);
        if (published.Any(bundle => !Covers(bundle, current.Bundle)))
        {
            TlsLog.Republished(logger, options.WebhookConfiguration, store.Location);
            await store.PublishAsync(current.Set.CaBundle, cancellationToken).ConfigureAwait(false);
            step = RotationStep.Republished;
        }

        if (Due(current, now) is { } reason)
            return await RotateAsync(current, reason, now, cancellationToken).ConfigureAwait(false);

        var keep = new[] { current.Signer, current.Next };
        if (current.Bundle.Count == keep.Length && current.Bundle.All(c => keep.Any(k => Same(k, c))))
            return step;

        var served = await replicas.ServedAsync(names[0], cancellationToken).ConfigureAwait(false);
        var leaf = CertificateSet.Fingerprint(current.Leaf);
        metrics.Replicas(served.Count(r => r.Fingerprint == leaf), served.Count(r => r.Fingerprint is not null && r.Fingerprint != leaf), served.Count(r => r.Fingerprint is null));
        if (served.Count == 0 || served.Any(r => r.Fingerprint != leaf))
        {
            var waiting = string.Join(", ", served.Where(r => r.Fingerprint != leaf).Select(r => $"{r.Replica}: {r.Error ?? "serves the previous certificate"}"));
            if (waiting != lastWaiting)
                TlsLog.AwaitingReplicas(logger, served.Count == 0 ? "no replica found" : waiting);
            lastWaiting = waiting;
            return RotationStep.AwaitingReplicas;
        }

        // Every replica serves the current certificate: the old CA is no longer needed by anyone.
        var bundle = CertificateSet.Bundle(keep);
        await store.WriteAsync(current.Set with { CaBundle = bundle }, stored.Version, cancellationToken).ConfigureAwait(false);
        await store.PublishAsync(bundle, cancellationToken).ConfigureAwait(false);
        metrics.Trusted(keep.Length);
        lastWaiting = null;
        TlsLog.OverlapEnded(logger, keep.Length);
        return RotationStep.OverlapEnded;
    }

    private async Task CreateAsync(string? version, IReadOnlyList<string> published, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signer = CertificateIssuer.NewCa(now, options.CaValidity);
        var next = CertificateIssuer.NewCa(now, options.CaValidity);
        using var signing = X509Certificate2.CreateFromPem(signer.CertificatePem, signer.KeyPem);
        var leaf = CertificateIssuer.NewLeaf(signing, names, now, options.LeafValidity);

        // CAs published before (a previous set, another tool's) stay trusted until every replica serves the new certificate.
        var trusted = published.SelectMany(Lenient).Where(c => Valid(c, now)).ToList();
        trusted.Add(X509Certificate2.CreateFromPem(signer.CertificatePem));
        trusted.Add(X509Certificate2.CreateFromPem(next.CertificatePem));
        var bundle = CertificateSet.Bundle(trusted.DistinctBy(CertificateSet.Fingerprint));
        Dispose(trusted);

        await store.PublishAsync(bundle, cancellationToken).ConfigureAwait(false);
        await store.WriteAsync(new CertificateSet(leaf.CertificatePem, leaf.KeyPem, bundle, signer.CertificatePem, signer.KeyPem, next.CertificatePem, next.KeyPem),
            version, cancellationToken).ConfigureAwait(false);
        var served = Serve(leaf);
        metrics.Rotated("created");
        TlsLog.Created(logger, store.Location, served, CertificateSet.ParseBundle(bundle).Count);
    }

    private async Task<RotationStep> RotateAsync(ParsedSet current, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var caDue = CaDue(current, now);
        var (signer, next) = caDue
            ? (new IssuedCertificate(current.Set.NextCert, current.Set.NextKey), CertificateIssuer.NewCa(now, options.CaValidity))
            : (new IssuedCertificate(current.Set.SignerCert, current.Set.SignerKey), new IssuedCertificate(current.Set.NextCert, current.Set.NextKey));
        using var signing = X509Certificate2.CreateFromPem(signer.CertificatePem, signer.KeyPem);
        var leaf = CertificateIssuer.NewLeaf(signing, names, now, options.LeafValidity);

        // The old signer stays in the bundle (and so does anything else published) until every replica serves the new leaf.
        var trusted = current.Bundle.Where(c => Valid(c, now)).Select(c => X509CertificateLoader.LoadCertificate(c.RawData)).ToList();
        trusted.Add(X509Certificate2.CreateFromPem(signer.CertificatePem));
        trusted.Add(X509Certificate2.CreateFromPem(next.CertificatePem));
        var distinct = trusted.DistinctBy(CertificateSet.Fingerprint).ToList();
        var bundle = CertificateSet.Bundle(distinct);
        var count = distinct.Count;
        Dispose(trusted);

        if (bundle != current.Set.CaBundle)
            await store.PublishAsync(bundle, cancellationToken).ConfigureAwait(false);
        await store.WriteAsync(new CertificateSet(leaf.CertificatePem, leaf.KeyPem, bundle, signer.CertificatePem, signer.KeyPem, next.CertificatePem, next.KeyPem),
            current.Set.Version, cancellationToken).ConfigureAwait(false);
        var served = Serve(leaf);
        metrics.Rotated(caDue ? "ca" : "leaf");
        metrics.Trusted(count);
        TlsLog.Rotated(logger, store.Location, reason, caDue ? " with a new signing CA" : "", served, count);
        return caDue ? RotationStep.RotatedCa : RotationStep.RotatedLeaf;
    }

    /// <summary>Why the serving certificate must be replaced now, or null.</summary>
    private string? Due(ParsedSet current, DateTimeOffset now)
    {
        if (CaDue(current, now))
            return "the next CA has been published for a third of its life";
        if (!SignedBy(current.Leaf, current.Signer, now))
            return "the serving certificate is not valid under the signing CA";
        if (!current.Bundle.Any(c => Same(c, current.Signer)) || !current.Bundle.Any(c => Same(c, current.Next)))
            return "the CA bundle lacks the signing or the next CA";
        if (!Names(current.Leaf).SetEquals(names))
            return $"the serving certificate's names differ from {string.Join(", ", names)}";
        return now >= TwoThirds(current.Leaf) ? "two thirds of its life have passed" : null;
    }

    private bool CaDue(ParsedSet current, DateTimeOffset now) =>
        now >= Start(current.Next) + ((End(current.Next) - Start(current.Next)) / 3)
        || End(current.Signer) < now + options.LeafValidity / 2
        || !Valid(current.Next, now);

    private string Serve(IssuedCertificate leaf)
    {
        var serving = ServingCertificate.Create(Encoding.UTF8.GetBytes(leaf.CertificatePem), Encoding.UTF8.GetBytes(leaf.KeyPem));
        holder.Set(serving);
        metrics.Serving(End(serving.Certificate));
        return serving.Describe();
    }

    private static ParsedSet? Parse(CertificateSet set, ref string? problem)
    {
        try
        {
            return new ParsedSet(set);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static bool SignedBy(X509Certificate2 leaf, X509Certificate2 signer, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(signer);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(leaf) && chain.ChainElements.Count == 2 && Same(chain.ChainElements[1].Certificate, signer);
    }

    private static HashSet<string> Names(X509Certificate2 leaf)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } alternatives)
        {
            found.UnionWith(alternatives.EnumerateDnsNames());
            found.UnionWith(alternatives.EnumerateIPAddresses().Select(a => a.ToString()));
        }

        return found;
    }

    /// <summary>Whether a published bundle trusts every CA of <paramref name="required"/>.</summary>
    private static bool Covers(string publishedPem, IReadOnlyList<X509Certificate2> required)
    {
        var published = Lenient(publishedPem);
        var covers = required.All(r => published.Any(p => Same(p, r)));
        Dispose(published);
        return covers;
    }

    private static List<X509Certificate2> Lenient(string pem)
    {
        try
        {
            return CertificateSet.ParseBundle(pem);
        }
        catch (CryptographicException)
        {
            return [];
        }
    }

    private static bool Same(X509Certificate2 a, X509Certificate2 b) => a.RawDataMemory.Span.SequenceEqual(b.RawDataMemory.Span);

    private static bool Valid(X509Certificate2 certificate, DateTimeOffset now) => End(certificate) > now;

    private static DateTimeOffset Start(X509Certificate2 certificate) => new(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    private static DateTimeOffset End(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    private static DateTimeOffset TwoThirds(X509Certificate2 certificate) => Start(certificate) + ((End(certificate) - Start(certificate)) * 2 / 3);

    private static void Dispose(IEnumerable<X509Certificate2> certificates)
    {
        foreach (var certificate in certificates)
            certificate.Dispose();
    }

    /// <summary>The stored set as certificates; a key that does not match its certificate is a <see cref="CryptographicException"/>.</summary>
    private sealed class ParsedSet : IDisposable
    {
        public ParsedSet(CertificateSet set)
        {
            Set = set;
            Leaf = X509Certificate2.CreateFromPem(set.TlsCert, set.TlsKey);
            Signer = X509Certificate2.CreateFromPem(set.SignerCert, set.SignerKey);
            Next = X509Certificate2.CreateFromPem(set.NextCert, set.NextKey);
            Bundle = CertificateSet.ParseBundle(set.CaBundle);
        }

        public CertificateSet Set { get; }
        public X509Certificate2 Leaf { get; }
        public X509Certificate2 Signer { get; }
        public X509Certificate2 Next { get; }
        public List<X509Certificate2> Bundle { get; }

        public void Dispose()
        {
            Leaf.Dispose();
            Signer.Dispose();
            Next.Dispose();
            CertificateRotator.Dispose(Bundle);
        }
    }
}
