using System.Net;
using System.Text.Json;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Resources;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using k8s.Models;

namespace Bifrost.Cli.Cluster;

/// <summary>
/// The API calls the cluster commands make, through the user's kubeconfig. Every failure comes out as a
/// <see cref="ClusterException"/> whose message says, in words, what was asked and what went wrong.
/// </summary>
internal sealed class ClusterClient(IKubernetes client, string server, string context, string? contextNamespace) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The context's namespace, else <c>default</c>: what <c>-n</c> defaults to, as with kubectl.</summary>
    public string DefaultNamespace => contextNamespace is { Length: > 0 } ns ? ns : "default";

    public string Server => server;

    /// <summary>
    /// A client for <paramref name="context"/> (null: the current one) of the kubeconfig at <paramref name="path"/>, else of
    /// the first file of <paramref name="kubeconfigVariable"/> that exists (kubectl merges them all; the client reads one),
    /// else of <c>~/.kube/config</c>.
    /// </summary>
    public static ClusterClient Connect(string? path, string? context, string? kubeconfigVariable)
    {
        var (settings, name, contextNamespace) = Configuration(path, context, kubeconfigVariable);
        return new ClusterClient(new k8s.Kubernetes(settings), settings.Host, name, contextNamespace);
    }

    /// <summary>The client settings of <see cref="Connect"/>, for every command that talks to the cluster (install and uninstall too).</summary>
    public static (KubernetesClientConfiguration Settings, string Context, string? Namespace) Configuration(string? path, string? context, string? kubeconfigVariable)
    {
        var files = path is { Length: > 0 } ? [path]
            : kubeconfigVariable?.Split(':', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } listed ? listed
            : [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")];
        var present = files.Where(File.Exists).ToArray();
        if (present.Length == 0)
        {
            var where = path is { Length: > 0 } ? path : string.Join(", ", files);
            throw new ClusterException($"no kubeconfig at {where}; name one with --kubeconfig or KUBECONFIG");
        }

        try
        {
            var config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(present[0]));
            var name = context ?? config.CurrentContext;
            if (string.IsNullOrEmpty(name))
                throw new ClusterException($"{present[0]}: no current context; name one with --context");
            var found = config.Contexts?.FirstOrDefault(c => c.Name == name)
                ?? throw new ClusterException($"{present[0]}: no context '{name}'" + Known(config));
            var settings = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, name);
            settings.HttpClientTimeout = Timeout;
            return (settings, name, found.ContextDetails?.Namespace);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException)
        {
            throw new ClusterException($"{present[0]}: {e.Message}", e);
        }
    }

    public Task<IReadOnlyList<BifrostProfile>> ListProfilesAsync(string? @namespace, CancellationToken cancellationToken) =>
        CallAsync($"list BifrostProfiles{(@namespace is null ? "" : $" in namespace {@namespace}")}", async () =>
        {
            var list = @namespace is null
                ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonElement>(BifrostProfile.Group, BifrostProfile.Version, BifrostProfile.Plural, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(BifrostProfile.Group, BifrostProfile.Version, @namespace, BifrostProfile.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<BifrostProfile>)[.. Items(list).Select(i => CustomObjectJson.Read<BifrostProfile>(i))];
        });

    public Task<BifrostProfile> GetProfileAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        CallAsync($"get BifrostProfile {@namespace}/{name}", async () => CustomObjectJson.Read<BifrostProfile>(
            await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(BifrostProfile.Group, BifrostProfile.Version, @namespace, BifrostProfile.Plural, name, cancellationToken).ConfigureAwait(false)));

    /// <summary>Sends a JSON merge patch (RFC 7386) to a BifrostProfile's spec.</summary>
    public Task<BifrostProfile> MergePatchProfileAsync(string @namespace, string name, string patch, CancellationToken cancellationToken) =>
        CallAsync($"patch BifrostProfile {@namespace}/{name}", async () => CustomObjectJson.Read<BifrostProfile>(
            await client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonElement>(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), BifrostProfile.Group, BifrostProfile.Version, @namespace, BifrostProfile.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false)));

    public Task<IReadOnlyList<BifrostNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        CallAsync("list BifrostNodes", async () =>
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(BifrostProfile.Group, BifrostProfile.Version, BifrostNode.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<BifrostNode>)[.. Items(list).Select(i => CustomObjectJson.Read<BifrostNode>(i, clusterScoped: true))];
        });

    public Task<VersionInfo> GetVersionAsync(CancellationToken cancellationToken) =>
        CallAsync("get the API server's version", () => client.Version.GetCodeAsync(cancellationToken));

    public Task<V1Secret> GetSecretAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        CallAsync($"get Secret {@namespace}/{name}", () => client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken));

    public Task<V1MutatingWebhookConfiguration> GetMutatingWebhookAsync(string name, CancellationToken cancellationToken) =>
        CallAsync($"get MutatingWebhookConfiguration {name}", () => client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(name, cancellationToken: cancellationToken));

    public Task<V1EndpointSliceList> ListEndpointSlicesAsync(string @namespace, string service, CancellationToken cancellationToken) =>
        CallAsync($"list the EndpointSlices of Service {@namespace}/{service}", () => client.DiscoveryV1.ListNamespacedEndpointSliceAsync(
            @namespace, labelSelector: $"kubernetes.io/service-name={service}", cancellationToken: cancellationToken));

    /// <summary>Whether the user may do <paramref name="attributes"/>, as the API server's authorizer answers a SelfSubjectAccessReview.</summary>
    public Task<V1SelfSubjectAccessReview> CanIAsync(V1ResourceAttributes attributes, CancellationToken cancellationToken) =>
        CallAsync($"ask whether you may {attributes.Verb} {attributes.Resource}", () => client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(
            new V1SelfSubjectAccessReview { Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = attributes } }, cancellationToken: cancellationToken));

    public void Dispose() => client.Dispose();

    private static List<JsonElement> Items(JsonElement list) =>
        list.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? [.. items.EnumerateArray()] : [];

    private static string Known(K8SConfiguration config) =>
        config.Contexts?.Select(c => c.Name).ToList() is { Count: > 0 } names ? $" (it has {string.Join(", ", names)})" : "";

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            var status = e.Response.StatusCode;
            var reason = StatusMessage(e.Response.Content);
            var message = status switch
            {
                HttpStatusCode.Unauthorized => $"cannot {what}: the API server at {server} did not accept the credentials of context '{context}' (401 Unauthorized)",
                HttpStatusCode.Forbidden => $"cannot {what}: {reason ?? "forbidden"} (403 Forbidden)",
                HttpStatusCode.NotFound => $"cannot {what}: {reason ?? "not found"}",
                _ => $"cannot {what}: the API server answered {(int)status} {status}{(reason is null ? "" : ": " + reason)}",
            };
            throw new ClusterException(message, status, e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterException($"cannot {what}: the API server at {server} cannot be reached: {Innermost(e).Message}", e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new ClusterException($"cannot {what}: the API server at {server} did not answer within {Timeout.TotalSeconds:0} s", e);
        }
        catch (InvalidDataException e)
        {
            throw new ClusterException($"cannot {what}: {e.Message}", e);
        }
    }

    /// <summary>The <c>message</c> of a Kubernetes <c>Status</c> body, else null.</summary>
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
            e = inner;
        return e;
    }
}
