using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bifrost.Webhook.Tls;

/// <summary>
/// The self-managed certificates as files, outside a cluster: the serving pair at <see cref="TlsOptions.CertFile"/> and
/// <see cref="TlsOptions.KeyFile"/>, the bundle clients trust as <c>ca.crt</c> beside them (what a mounted Secret shows a
/// replica), the CAs' own files next to it, and the published bundle, which a cluster keeps in the webhook configuration, as
/// <c>webhook-ca.crt</c>. Each file is replaced whole.
/// </summary>
internal sealed class LocalCertificateStore(TlsOptions tls) : ICertificateStore
{
    public const string PublishedFile = "webhook-ca.crt";

    private readonly string directory = Path.GetDirectoryName(tls.CertPath) ?? ".";

    public string Location => $"directory {directory}";

    public Task<StoredCertificates> ReadAsync(CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in CertificateSet.Keys)
        {
            var file = PathOf(key);
            if (File.Exists(file))
                data[key] = File.ReadAllText(file);
        }

        if (data.Count == 0)
            return Task.FromResult(StoredCertificates.None);
        var set = CertificateSet.FromData(data, "local", out var problem);
        return Task.FromResult(new StoredCertificates(set, problem, "local"));
    }

    public Task WriteAsync(CertificateSet set, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        Directory.CreateDirectory(directory);
        // The key before the certificate: a replica reading between the two sees a mismatched pair and keeps the old one.
        foreach (var (key, value) in set.ToData().OrderBy(p => p.Key == CertificateSet.TlsCertKey ? 1 : 0))
            Replace(PathOf(key), value);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ReadPublishedAsync(CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, PublishedFile);
        return Task.FromResult<IReadOnlyList<string>>([File.Exists(file) ? File.ReadAllText(file) : ""]);
    }

    public Task PublishAsync(string bundlePem, CancellationToken cancellationToken)
    {
        Replace(Path.Combine(directory, PublishedFile), bundlePem);
        return Task.CompletedTask;
    }

    private string PathOf(string key) => key switch
    {
        CertificateSet.TlsCertKey => tls.CertPath,
        CertificateSet.TlsKeyKey => tls.KeyPath,
        _ => Path.Combine(directory, key),
    };

    private static void Replace(string file, string content)
    {
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, file, overwrite: true);
    }
}

/// <summary>Outside a cluster: this process's own HTTPS addresses and those of <see cref="SelfManagedOptions.Replicas"/>.</summary>
internal sealed class LocalReplicaCertificates(IServer server, SelfManagedOptions options) : IReplicaCertificates
{
    public async Task<IReadOnlyList<ReplicaCertificate>> ServedAsync(string serverName, CancellationToken cancellationToken)
    {
        var own = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var addresses = own.Concat(options.Replicas)
            .Select(a => Uri.TryCreate(a.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Where(uri => uri.Scheme == Uri.UriSchemeHttps)
            .DistinctBy(uri => uri.Authority)
            .ToList();
        return await Task.WhenAll(addresses.Select(uri => TlsProbe.AskAsync(uri.Authority, uri.Host, uri.Port, serverName, cancellationToken))).ConfigureAwait(false);
    }
}
