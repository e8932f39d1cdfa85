using System.Security.Cryptography.X509Certificates;
using Bifrost.Webhook.Tests.Infrastructure;
using Bifrost.Webhook.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Webhook.Tests.Tls;

/// <summary>The leader's care of self-managed certificates, on a clock the test moves and the file store of one machine.</summary>
public sealed class CertificateRotatorTests : IDisposable
{
    private static readonly string[] Names = ["bifrost-webhook.bifrost-system.svc", "bifrost-intake.bifrost-system.svc"];
    private readonly string directory = Directory.CreateTempSubdirectory("bifrost-rotator-").FullName;
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeReplicas replicas = new();
    private readonly CertificateHolder holder = new();
    private readonly SelfManagedOptions options = new()
    {
        Enabled = true,
        LeafValidity = TimeSpan.FromDays(30),
        CaValidity = TimeSpan.FromDays(365),
        CheckInterval = TimeSpan.FromHours(1),
    };

    private readonly LocalCertificateStore store;
    private readonly CertificateRotator rotator;

    public CertificateRotatorTests()
    {
        store = new LocalCertificateStore(new TlsOptions { CertFile = Path.Combine(directory, "tls.crt"), KeyFile = Path.Combine(directory, "tls.key") });
        rotator = new CertificateRotator(store, replicas, new FixedLeadership(true), holder,
            new TlsMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())), options, Names, clock, NullLogger<CertificateRotator>.Instance);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task FirstRound_CreatesTwoCasAndALeaf_PublishesTheCasBeforeServing()
    {
        Assert.Equal(RotationStep.Created, await rotator.RotateOnceAsync(CancellationToken.None));

        var set = await StoredAsync();
        using var leaf = X509CertificateLoader.LoadCertificate(X509Certificate2.CreateFromPem(set.TlsCert).RawData);
        var published = await PublishedAsync();
        Assert.Equal(2, published.Count);
        Assert.True(Trusts(published, leaf));
        Assert.Equal(set.CaBundle, File.ReadAllText(Path.Combine(directory, LocalCertificateStore.PublishedFile)));
        Assert.Equal(leaf.Thumbprint, holder.Certificate!.Thumbprint);
        Assert.Equal(Names, leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.Equal(clock.Now.AddDays(30).UtcDateTime, leaf.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(RotationStep.None, await rotator.RotateOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TwoThirdsOfTheLeafsLife_ANewLeafFromTheSameCa_TheBundleUnchanged()
    {
        await rotator.RotateOnceAsync(CancellationToken.None);
        var before = await StoredAsync();

        clock.Advance(TimeSpan.FromDays(19));
        Assert.Equal(RotationStep.None, await rotator.RotateOnceAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(1.1));
        Assert.Equal(RotationStep.RotatedLeaf, await rotator.RotateOnceAsync(CancellationToken.None));

        var after = await StoredAsync();
        Assert.NotEqual(before.TlsCert, after.TlsCert);
        Assert.Equal(before.CaBundle, after.CaBundle);
        Assert.Equal(before.SignerCert, after.SignerCert);
        Assert.Equal(RotationStep.None, await rotator.RotateOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CaRotation_TheOldSignerStaysTrustedUntilEveryReplicaServesTheNewLeaf()
    {
        await rotator.RotateOnceAsync(CancellationToken.None);
        var first = await StoredAsync();
        // The next CA was published a third of its life ago: it signs from now on.
        clock.Advance(TimeSpan.FromDays(365.0 / 3) + TimeSpan.FromHours(1));
        Assert.Equal(RotationStep.RotatedCa, await rotator.RotateOnceAsync(CancellationToken.None));

        var rotated = await StoredAsync();
        Assert.Equal(first.NextCert, rotated.SignerCert);
        Assert.NotEqual(first.NextCert, rotated.NextCert);
        Assert.Equal(3, (await PublishedAsync()).Count);
        using var oldLeaf = X509Certificate2.CreateFromPem(first.TlsCert);
        using var newLeaf = X509Certificate2.CreateFromPem(rotated.TlsCert);
        Assert.True(Trusts(await PublishedAsync(), newLeaf));

        replicas.Serve("a", rotated.TlsCert);
        replicas.Serve("b", first.TlsCert);
        Assert.Equal(RotationStep.AwaitingReplicas, await rotator.RotateOnceAsync(CancellationToken.None));
        Assert.Equal(3, (await PublishedAsync()).Count);
        replicas.Unreachable("b");
        Assert.Equal(RotationStep.AwaitingReplicas, await rotator.RotateOnceAsync(CancellationToken.None));

        replicas.Serve("b", rotated.TlsCert);
        Assert.Equal(RotationStep.OverlapEnded, await rotator.RotateOnceAsync(CancellationToken.None));
        var published = await PublishedAsync();
        Assert.Equal(2, published.Count);
        Assert.Equal(CertificateSet.ParseBundle(rotated.SignerCert + "\n" + rotated.NextCert).Select(c => c.Thumbprint), published.Select(c => c.Thumbprint));
        Assert.Equal((await StoredAsync()).CaBundle, File.ReadAllText(Path.Combine(directory, LocalCertificateStore.PublishedFile)));
        Assert.Equal(RotationStep.None, await rotator.RotateOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PublishedBundleEditedAway_IsPublishedAgain()
    {
        await rotator.RotateOnceAsync(CancellationToken.None);
        await store.PublishAsync("", CancellationToken.None);

        Assert.Equal(RotationStep.Republished, await rotator.RotateOnceAsync(CancellationToken.None));
        Assert.Equal(2, (await PublishedAsync()).Count);
    }

    [Fact]
    public async Task UnusableSet_IsReplaced_AndTheCasPublishedBeforeStayTrustedMeanwhile()
    {
        await rotator.RotateOnceAsync(CancellationToken.None);
        var first = await StoredAsync();
        var published = await PublishedAsync();
        // A key that belongs to another certificate.
        File.WriteAllText(Path.Combine(directory, "tls.key"), first.NextKey);

        Assert.Equal(RotationStep.Created, await rotator.RotateOnceAsync(CancellationToken.None));

        var now = await PublishedAsync();
        Assert.Equal(4, now.Count);
        Assert.All(published, old => Assert.Contains(now, c => c.Thumbprint == old.Thumbprint));
        using var oldLeaf = X509Certificate2.CreateFromPem(first.TlsCert);
        Assert.True(Trusts(now, oldLeaf), "replicas still serving the old certificate must stay trusted");
    }

    /// <summary>
    /// Six CA rotations and thirty-odd serving certificates, a round every six hours (at a tenth of the default
    /// lifetimes, so it runs quickly), with three replicas that each pick up a new certificate zero to three rounds
    /// late, as kubelet refreshes secret volumes: whatever any replica serves is trusted by what the API server trusts
    /// at that moment, and a tracer given the bundle at admission trusts every replica for a third of a CA's life.
    /// </summary>
    [Fact]
    public async Task SeventyThreeDaysOfRotations_NoReplicaEverServesACertificateItsClientsDoNotTrust()
    {
        var scaled = options with { LeafValidity = TimeSpan.FromDays(3), CaValidity = TimeSpan.FromDays(36), CheckInterval = TimeSpan.FromHours(6) };
        var scaledRotator = new CertificateRotator(store, replicas, new FixedLeadership(true), holder,
            new TlsMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())), scaled, Names, clock, NullLogger<CertificateRotator>.Instance);
        var random = new Random(7);
        var lag = new Dictionary<string, (string Pem, int RoundsLeft)>();
        var tracers = new List<(DateTimeOffset Admitted, List<X509Certificate2> Trust)>();
        var rotations = new Dictionary<RotationStep, int>();
        var start = clock.Now;
        for (var round = 0; clock.Now < start.AddDays(73); round++, clock.Advance(scaled.CheckInterval))
        {
            var step = await scaledRotator.RotateOnceAsync(CancellationToken.None);
            rotations[step] = rotations.GetValueOrDefault(step) + 1;
            var stored = await StoredAsync();
            foreach (var replica in new[] { "a", "b", "c" })
            {
                if (replicas.Serves(replica, stored.TlsCert))
                    continue;
                var (_, roundsLeft) = lag.TryGetValue(replica, out var pending) && pending.Pem == stored.TlsCert ? pending : (stored.TlsCert, random.Next(0, 4));
                if (roundsLeft == 0)
                    replicas.Serve(replica, stored.TlsCert);
                else
                    lag[replica] = (stored.TlsCert, roundsLeft - 1);
            }

            var apiServer = await PublishedAsync();
            if (round % 17 == 0)
                tracers.Add((clock.Now, CertificateSet.ParseBundle(stored.CaBundle)));
            foreach (var (replica, pem) in replicas.Served)
            {
                using var leaf = X509Certificate2.CreateFromPem(pem);
                Assert.True(Trusts(apiServer, leaf), $"day {(clock.Now - start).TotalDays:0.00}: the API server does not trust replica {replica}");
                foreach (var (admitted, trust) in tracers.Where(t => clock.Now - t.Admitted < scaled.CaValidity / 3))
                    Assert.True(Trusts(trust, leaf), $"day {(clock.Now - start).TotalDays:0.00}: a tracer admitted on day {(admitted - start).TotalDays:0.00} does not trust replica {replica}");
            }
        }

        Assert.InRange(rotations.GetValueOrDefault(RotationStep.RotatedCa), 5, 6);
        Assert.InRange(rotations.GetValueOrDefault(RotationStep.RotatedLeaf) + rotations.GetValueOrDefault(RotationStep.RotatedCa), 30, 40);
        // Every overlap ended, but perhaps the last, whose replicas may still be catching up when the time is over.
        Assert.InRange(rotations.GetValueOrDefault(RotationStep.OverlapEnded), rotations[RotationStep.RotatedCa] - 1, rotations[RotationStep.RotatedCa]);
    }

    private async Task<CertificateSet> StoredAsync() => (await store.ReadAsync(CancellationToken.None)).Set ?? throw new InvalidOperationException("nothing stored");

    private async Task<List<X509Certificate2>> PublishedAsync() => CertificateSet.ParseBundle(Assert.Single(await store.ReadPublishedAsync(CancellationToken.None)));

    private bool Trusts(IEnumerable<X509Certificate2> roots, X509Certificate2 leaf)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.Now.UtcDateTime;
        return chain.Build(leaf);
    }

    private sealed class FakeReplicas : IReplicaCertificates
    {
        private readonly Dictionary<string, string?> served = [];

        public IEnumerable<(string Replica, string Pem)> Served => served.Where(p => p.Value is not null).Select(p => (p.Key, p.Value!));

        public void Serve(string replica, string pem) => served[replica] = pem;

        public void Unreachable(string replica) => served[replica] = null;

        public bool Serves(string replica, string pem) => served.GetValueOrDefault(replica) == pem;

        public Task<IReadOnlyList<ReplicaCertificate>> ServedAsync(string serverName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ReplicaCertificate>>([.. served.Select(p => p.Value is { } pem
                ? new ReplicaCertificate(p.Key, CertificateSet.Fingerprint(X509Certificate2.CreateFromPem(pem)), null)
                : new ReplicaCertificate(p.Key, null, "connection refused"))]);
    }
}
