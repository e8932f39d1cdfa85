using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Bifrost.Tracer.Sidecar;

/// <summary>
/// Asks the API server for the tracer's own pod (its service account needs <c>get</c> on pods in its namespace)
/// and maps <c>status.containerStatuses[].containerID</c> to names. The kubelet offers no local way to learn
/// container names, and guessing from what a container runs would be wrong.
/// </summary>
public sealed class KubernetesContainerNameSource(HttpClient http, string podNamespace, string podName) : IContainerNameSource
{
    private const string ServiceAccount = "/var/run/secrets/kubernetes.io/serviceaccount";

    private Dictionary<string, string> known = [];

    public async Task<string?> NameOfAsync(string containerId, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(containerId, out var name))
        {
            return name;
        }
        known = await FetchAsync(cancellationToken).ConfigureAwait(false);
        return known.GetValueOrDefault(containerId);
    }

    /// <summary>An HttpClient for the in-cluster API server, trusting the service account's CA.</summary>
    public static HttpClient? InClusterClient()
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT") ?? "443";
        if (host is null || !File.Exists($"{ServiceAccount}/ca.crt"))
        {
            return null;
        }
        var client = Bifrost.Reporting.ReportHttpClient.Create($"{ServiceAccount}/ca.crt");
        client.BaseAddress = new Uri($"https://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}/");
        return client;
    }

    private async Task<Dictionary<string, string>> FetchAsync(CancellationToken cancellationToken)
    {
        var token = (await File.ReadAllTextAsync($"{ServiceAccount}/token", cancellationToken).ConfigureAwait(false)).Trim();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/namespaces/{podNamespace}/pods/{podName}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var pod = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var list in new[] { "containerStatuses", "initContainerStatuses" })
        {
            foreach (var status in pod?["status"]?[list]?.AsArray() ?? [])
            {
                var id = status?["containerID"]?.GetValue<string>();
                var name = status?["name"]?.GetValue<string>();
                if (id is not null && name is not null)
                {
                    map[id[(id.IndexOf("://", StringComparison.Ordinal) + 3)..]] = name;
                }
            }
        }
        return map;
    }
}
