using System.Globalization;
using System.Text.Json.Nodes;
using Bifrost.Cli.Cluster;
using Bifrost.Core.Admission;

namespace Bifrost.Cli.Install;

/// <summary>
/// Takes Bifrost out of a cluster in the order that keeps workloads safe: the webhook configuration first (no pod is
/// admitted with a Bifrost profile from then on, and none waits for a webhook being removed), then each node agent
/// cleans its node (profiles out of the kernel, files off the host) and confirms in its BifrostNode, then the rest,
/// the CRDs (and with them every BifrostProfile) last.
/// </summary>
internal sealed class Uninstaller(ClusterConnection cluster, UninstallOptions options, TextWriter output, TimeProvider time)
{
    public const string AgentSelector = "app.kubernetes.io/name=bifrost-agent";
    public const string PartOf = "app.kubernetes.io/part-of";

    private static readonly string BifrostNodes = ClusterConnection.PathOf("bifrost.io/v1alpha1", "BifrostNode", null);

    /// <summary>What uninstall does, in order, as lines for <c>--dry-run</c> and the plan.</summary>
    public static IReadOnlyList<string> Plan(UninstallOptions options)
    {
        var (webhook, rest, namespaceObject, crds) = Split(options);
        var lines = new List<string> { $"delete {Describe(webhook)}" };
        lines.Add($"ask each node agent (pods {AgentSelector} in {options.Namespace}) to unload Bifrost's profiles and remove its files, and wait for its BifrostNode to confirm");
        lines.AddRange(rest.Select(o => $"delete {Describe(o)}"));
        lines.Add($"delete every ConfigMap labelled {PartOf}=bifrost in {options.Namespace}");
        lines.Add($"delete secret/bifrost-webhook-tls and secret/bifrost-ca in {options.Namespace}");
        lines.Add($"delete {Describe(namespaceObject)} if it is labelled {PartOf}=bifrost (with everything left in it)");
        lines.AddRange(options.KeepProfiles
            ? ["keep the CRDs and every BifrostProfile (--keep-profiles); delete the BifrostNodes (the agents' reports)"]
            : crds.Select(o => $"delete {Describe(o)}{(ManifestRenderer.Name(o).StartsWith("bifrostprofiles", StringComparison.Ordinal) ? " and with it every BifrostProfile" : "")}"));
        return lines;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (webhook, rest, namespaceObject, crds) = Split(options);
        await DeleteAsync(webhook, cancellationToken).ConfigureAwait(false);

        await CleanNodesAsync(cancellationToken).ConfigureAwait(false);

        foreach (var item in rest)
            await DeleteAsync(item, cancellationToken).ConfigureAwait(false);
        var configMaps = await cluster.GetAsync(ClusterConnection.PathOf("v1", "ConfigMap", options.Namespace) + $"?labelSelector={Uri.EscapeDataString(PartOf + "=bifrost")}", cancellationToken).ConfigureAwait(false);
        foreach (var name in Items(configMaps).Select(i => (string?)i["metadata"]?["name"]).OfType<string>())
            await DeletePathAsync($"configmap/{name}", ClusterConnection.PathOf("v1", "ConfigMap", options.Namespace, name), cancellationToken).ConfigureAwait(false);
        foreach (var secret in (string[])["bifrost-webhook-tls", "bifrost-ca"])
            await DeletePathAsync($"secret/{secret}", ClusterConnection.PathOf("v1", "Secret", options.Namespace, secret), cancellationToken).ConfigureAwait(false);

        var ns = await cluster.GetAsync(ClusterConnection.PathOf("v1", "Namespace", null, options.Namespace), cancellationToken).ConfigureAwait(false);
        if (ns is not null && (string?)ns["metadata"]?["labels"]?[PartOf] == "bifrost")
            await DeleteAsync(namespaceObject, cancellationToken).ConfigureAwait(false);
        else if (ns is not null)
            await output.WriteLineAsync($"namespace/{options.Namespace} kept: it is not labelled {PartOf}=bifrost, so it was not made by bifrost install").ConfigureAwait(false);

        if (options.KeepProfiles)
        {
            var nodes = await cluster.GetAsync(BifrostNodes, cancellationToken).ConfigureAwait(false);
            foreach (var name in Items(nodes).Select(i => (string?)i["metadata"]?["name"]).OfType<string>())
                await DeletePathAsync($"bifrostnode.bifrost.io/{name}", $"{BifrostNodes}/{name}", cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync("CRDs and BifrostProfiles kept (--keep-profiles)").ConfigureAwait(false);
        }
        else
        {
            foreach (var crd in crds)
                await DeleteAsync(crd, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>Asks every agent pod to clean its node and waits for each node's confirmation.</summary>
    /// <exception cref="UninstallStoppedException">A node did not confirm in time and --force was not given.</exception>
    private async Task CleanNodesAsync(CancellationToken cancellationToken)
    {
        var pods = await cluster.GetAsync(ClusterConnection.PathOf("v1", "Pod", options.Namespace) + $"?labelSelector={Uri.EscapeDataString(AgentSelector)}", cancellationToken).ConfigureAwait(false);
        var agents = Items(pods)
            .Select(p => (Name: (string?)p["metadata"]?["name"], Node: (string?)p["spec"]?["nodeName"]))
            .Where(p => p.Name is not null && p.Node is not null)
            .ToList();
        if (agents.Count == 0)
        {
            await output.WriteLineAsync($"no node agents running in {options.Namespace}: no node to clean").ConfigureAwait(false);
            return;
        }

        var request = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [BifrostLabels.Uninstall] = request } } };
        foreach (var agent in agents)
            await cluster.MergePatchAsync(ClusterConnection.PathOf("v1", "Pod", options.Namespace, agent.Name), patch, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"asked {agents.Count} node agent{(agents.Count == 1 ? "" : "s")} to unload Bifrost's profiles and remove their files").ConfigureAwait(false);

        var waiting = agents.Select(a => a.Node!).ToHashSet(StringComparer.Ordinal);
        var deadline = time.GetUtcNow() + options.Timeout;
        while (true)
        {
            foreach (var node in waiting.Order(StringComparer.Ordinal).ToList())
            {
                var report = await cluster.GetAsync($"{BifrostNodes}/{node}", cancellationToken).ConfigureAwait(false);
                if (report?["status"]?["uninstall"] is JsonObject answer && (string?)answer["request"] == request)
                {
                    waiting.Remove(node);
                    await output.WriteLineAsync(Confirmed(node, answer)).ConfigureAwait(false);
                }
            }

            if (waiting.Count == 0)
                return;
            if (time.GetUtcNow() >= deadline)
                break;
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        var missing = string.Join(", ", waiting.Order(StringComparer.Ordinal));
        if (options.Force)
        {
            await output.WriteLineAsync($"not confirmed within {options.Timeout.TotalSeconds:0}s: {missing}; going on (--force): their profiles and files stay on those nodes").ConfigureAwait(false);
            return;
        }

        throw new UninstallStoppedException($"the node agents on {missing} did not confirm within {options.Timeout.TotalSeconds:0}s that their nodes are clean; " +
            "only the webhook configuration was deleted. Look at those agents (kubectl -n " + options.Namespace + " logs), then run uninstall again, " +
            "or add --force to go on and leave Bifrost's profiles and files on those nodes");
    }

    private static string Confirmed(string node, JsonObject answer)
    {
        var line = $"node {node}: clean ({(int?)answer["removed"] ?? 0} profiles unloaded, files removed)";
        if (answer["keptInUse"] is JsonArray { Count: > 0 } kept)
            line += $"; {kept.Count} stay loaded until the node reboots because running pods use them (restart those workloads): {string.Join(", ", kept.Select(k => (string?)k))}";
        if (answer["failed"] is JsonArray { Count: > 0 } failed)
            line += $"; could not unload: {string.Join("; ", failed.Select(f => (string?)f))}";
        return line;
    }

    private static (JsonObject Webhook, List<JsonObject> Others, JsonObject Namespace, List<JsonObject> Crds) Split(UninstallOptions options)
    {
        // The cert-manager rendering holds every object either mode makes (its Issuers and Certificates besides).
        var objects = ManifestRenderer.Render(new InstallOptions { Namespace = options.Namespace, Certificates = CertificateMode.CertManager });
        var webhook = objects.Single(o => ManifestRenderer.Kind(o) == "MutatingWebhookConfiguration");
        var ns = objects.Single(o => ManifestRenderer.Kind(o) == "Namespace");
        var crds = objects.Where(o => ManifestRenderer.Kind(o) == "CustomResourceDefinition").ToList();
        var rest = objects.Reverse()
            .Where(o => ManifestRenderer.Kind(o) is not ("MutatingWebhookConfiguration" or "Namespace" or "CustomResourceDefinition" or "ConfigMap"))
            .ToList();
        return (webhook, rest, ns, crds);
    }

    private async Task DeleteAsync(JsonObject item, CancellationToken cancellationToken)
    {
        var ns = ManifestRenderer.IsNamespaced(item) ? (string?)item["metadata"]?["namespace"] : null;
        await DeletePathAsync(Describe(item), ClusterConnection.PathOf((string)item["apiVersion"]!, ManifestRenderer.Kind(item), ns, ManifestRenderer.Name(item)), cancellationToken).ConfigureAwait(false);
    }

    private async Task DeletePathAsync(string what, string path, CancellationToken cancellationToken)
    {
        var deleted = await cluster.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"{what} {(deleted ? "deleted" : "not found")}").ConfigureAwait(false);
    }

    private static IEnumerable<JsonObject> Items(JsonObject? list) => (list?["items"] as JsonArray ?? []).OfType<JsonObject>();

    private static string Describe(JsonObject item) => Commands.InstallCommand.Describe(item);
}

/// <summary>Uninstall stopped on purpose (nodes did not confirm their cleanup): a finding, not a cluster that cannot be used.</summary>
internal sealed class UninstallStoppedException(string message) : Exception(message);
