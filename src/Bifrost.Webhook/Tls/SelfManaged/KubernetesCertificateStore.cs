using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bifrost.Webhook.Tls;

/// <summary>The self-managed certificates in a Secret of Bifrost's namespace, their CAs in the MutatingWebhookConfiguration.</summary>
internal sealed class KubernetesCertificateStore(IKubernetes client, string ns, SelfManagedOptions options) : ICertificateStore
{
    /// <summary>cert-manager marks the Secrets it issues with this annotation; Bifrost leaves those alone.</summary>
    private const string CertManagerAnnotation = "cert-manager.io/certificate-name";

    public string Location => $"Secret {ns}/{options.SecretName}";

    public async Task<StoredCertificates> ReadAsync(CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(options.SecretName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return StoredCertificates.None;
        }

        var version = secret.Metadata?.ResourceVersion;
        if (secret.Metadata?.Annotations?.TryGetValue(CertManagerAnnotation, out var certificate) == true)
            return new StoredCertificates(null, $"issued by cert-manager (Certificate {certificate})", version, "cert-manager");
        var data = (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(p.Value), StringComparer.Ordinal);
        var set = CertificateSet.FromData(data, version, out var problem);
        return new StoredCertificates(set, problem, version);
    }

    public async Task WriteAsync(CertificateSet set, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        var data = set.ToData().ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);
        try
        {
            if (version is null)
            {
                var secret = new V1Secret
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = options.SecretName,
                        NamespaceProperty = ns,
                        Labels = new Dictionary<string, string>
                        {
                            ["app.kubernetes.io/part-of"] = "bifrost",
                            ["app.kubernetes.io/managed-by"] = "bifrost-webhook",
                        },
                    },
                    Type = "kubernetes.io/tls",
                    Data = data,
                };
                await client.CoreV1.CreateNamespacedSecretAsync(secret, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }

            // A merge patch carrying the resource version is refused if the Secret changed since it was read.
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = version },
                ["data"] = new JsonObject(data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Convert.ToBase64String(p.Value)))),
            };
            await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), options.SecretName, ns,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict)
        {
            throw new CertificateStoreConflictException($"{Location} changed while it was being written: {e.Response.Content}");
        }
    }

    public async Task<IReadOnlyList<string>> ReadPublishedAsync(CancellationToken cancellationToken)
    {
        var configuration = await ReadConfigurationAsync(cancellationToken).ConfigureAwait(false);
        return [.. (configuration.Webhooks ?? []).Select(w => w.ClientConfig?.CaBundle is { } bundle ? Encoding.UTF8.GetString(bundle) : "")];
    }

    public async Task PublishAsync(string bundlePem, CancellationToken cancellationToken)
    {
        var configuration = await ReadConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var bundle = Encoding.UTF8.GetBytes(bundlePem);
        foreach (var webhook in configuration.Webhooks ?? [])
        {
            webhook.ClientConfig ??= new Admissionregistrationv1WebhookClientConfig();
            webhook.ClientConfig.CaBundle = bundle;
        }

        try
        {
            // The replace carries the resource version read above, so a concurrent edit is never overwritten.
            await client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(configuration, options.WebhookConfiguration,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict)
        {
            throw new CertificateStoreConflictException($"MutatingWebhookConfiguration {options.WebhookConfiguration} changed while its caBundle was being written");
        }
    }

    private async Task<V1MutatingWebhookConfiguration> ReadConfigurationAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(options.WebhookConfiguration, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"MutatingWebhookConfiguration {options.WebhookConfiguration} does not exist: apply manifests/ (or set {SelfManagedOptions.SectionName}:WebhookConfiguration)", e);
        }
    }
}

/// <summary>Every running pod of the webhook in its namespace, asked on its pod IP: ready or not, it serves once it is.</summary>
internal sealed class KubernetesReplicaCertificates(IKubernetes client, string ns, SelfManagedOptions options) : IReplicaCertificates
{
    public async Task<IReadOnlyList<ReplicaCertificate>> ServedAsync(string serverName, CancellationToken cancellationToken)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: options.ReplicaSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        var running = pods.Items.Where(p => p.Metadata?.DeletionTimestamp is null && p.Status?.Phase == "Running").ToList();
        return await Task.WhenAll(running.Select(pod => pod.Status.PodIP is { Length: > 0 } ip
            ? TlsProbe.AskAsync(pod.Metadata.Name, ip, options.ReplicaPort, serverName, cancellationToken)
            : Task.FromResult(new ReplicaCertificate(pod.Metadata.Name, null, "no pod IP yet")))).ConfigureAwait(false);
    }
}
