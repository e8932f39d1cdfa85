using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

using Bifrost.Cli.Install;

namespace Bifrost.Cli.Cluster;

/// <summary>
/// The API server of the user's kubeconfig, reached through KubernetesClient's authenticated handler with plain
/// REST paths, so any kind that install renders (cert-manager's included) is applied and deleted the same way.
/// </summary>
internal sealed class ClusterConnection : IDisposable
{
    public const string FieldManager = "bifrost";

    private readonly Client kubernetes;

    private ClusterConnection(Client kubernetes) => this.kubernetes = kubernetes;

    /// <summary>Connects with the kubeconfig and context the cluster commands use (see <see cref="ClusterClient.Configuration"/>).</summary>
    /// <exception cref="ClusterException">No kubeconfig, or no such context.</exception>
    public static ClusterConnection Open(string? kubeconfig, string? context) =>
        new(new Client(ClusterClient.Configuration(kubeconfig, context, Environment.GetEnvironmentVariable("KUBECONFIG")).Settings));

    /// <summary>The object's REST path: <c>/api/v1/namespaces/NS/configmaps/NAME</c>, <c>/apis/GROUP/VERSION/PLURAL/NAME</c>.</summary>
    public static string PathOf(string apiVersion, string kind, string? ns, string? name = null)
    {
        var root = apiVersion.Contains('/', StringComparison.Ordinal) ? "/apis/" + apiVersion : "/api/" + apiVersion;
        var scope = ns is null ? "" : $"/namespaces/{ns}";
#pragma warning disable CA1308 // Kubernetes resource names are lower case.
        var plural = kind.ToLowerInvariant() + "s";
#pragma warning restore CA1308
        return $"{root}{scope}/{plural}" + (name is null ? "" : "/" + name);
    }

    /// <summary>Server-side apply as <see cref="FieldManager"/>, taking over fields another manager set (an earlier kubectl apply).</summary>
    public async Task ApplyAsync(JsonObject item, CancellationToken cancellationToken)
    {
        var path = PathOf((string)item["apiVersion"]!, ManifestRenderer.Kind(item), ManifestRenderer.IsNamespaced(item) ? (string?)item["metadata"]!["namespace"] : null, ManifestRenderer.Name(item));
        using var content = new StringContent(item.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{path}?fieldManager={FieldManager}&force=true") { Content = content };
        await SendAsync(request, ManifestRenderer.Kind(item), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The object or list at <paramref name="path"/>, or null when it does not exist (or its kind is not served).</summary>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, null, cancellationToken, missingIsNull: true).ConfigureAwait(false);
    }

    /// <summary>Deletes in the background (dependents after); false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path + "?propagationPolicy=Background");
        return await SendAsync(request, null, cancellationToken, missingIsNull: true).ConfigureAwait(false) is not null;
    }

    /// <summary>A JSON merge patch (the uninstall request on the agents' DaemonSet).</summary>
    public async Task MergePatchAsync(string path, JsonObject patch, CancellationToken cancellationToken)
    {
        using var content = new StringContent(patch.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{path}?fieldManager={FieldManager}") { Content = content };
        await SendAsync(request, null, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        kubernetes.Dispose();
    }

    private async Task<JsonObject?> SendAsync(HttpRequestMessage request, string? kind, CancellationToken cancellationToken, bool missingIsNull = false)
    {
        var what = $"{request.Method} {request.RequestUri?.OriginalString.Split('?')[0]}";
        request.RequestUri = new Uri(kubernetes.BaseUri.AbsoluteUri.TrimEnd('/') + request.RequestUri!.OriginalString);
        var content = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await kubernetes.SendAsync(content, request, cancellationToken).ConfigureAwait(false);
            return TryParse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) ?? [];
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && missingIsNull)
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            var message = TryParse(e.Response.Content)?["message"]?.GetValue<string>() ?? e.Response.Content?.Trim();
            var hint = e.Response.StatusCode == HttpStatusCode.NotFound && kind is "Issuer" or "Certificate"
                ? " (is cert-manager installed? --certificates self-managed needs none)"
                : "";
            throw new ClusterException($"{what}: {(int)e.Response.StatusCode} {message}{hint}", e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterException($"cannot reach the API server at {kubernetes.BaseUri}: {e.Message}", e);
        }
    }

    private static JsonObject? TryParse(string? body)
    {
        try
        {
            return body is null ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The client's handler chain (credentials, TLS, exec plugins) for requests by path.</summary>
    private sealed class Client(KubernetesClientConfiguration configuration) : k8s.Kubernetes(configuration)
    {
        public Task<HttpResponseMessage> SendAsync(string content, HttpRequestMessage request, CancellationToken cancellationToken) =>
            SendRequestRaw(content, request, cancellationToken);
    }
}
