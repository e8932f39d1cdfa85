using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bifrost.Core.Profiles;
using k8s.Models;

namespace Bifrost.Cli.Cluster;

/// <summary>
/// What <c>bifrost check</c> looks at, each from what the API server holds: its version, the node agents' reports, the
/// serving certificate, the webhook's CA bundle and ready endpoints, and whether the user may do what the commands do.
/// </summary>
internal sealed class Preflight(ClusterClient client, string bifrostNamespace, TimeProvider time)
{
    public const string SecretName = "bifrost-webhook-tls";
    public const string WebhookName = "bifrost";
    public const string ServiceName = "bifrost-webhook";

    /// <summary>The version from which the tracer runs as a native sidecar (an init container that keeps running).</summary>
    private static readonly Version NativeSidecars = new(1, 29);

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        // The first call says whether the cluster can be reached at all; if not, the ClusterException ends the command.
        List<CheckResult> results = [ApiServer(await client.GetVersionAsync(cancellationToken).ConfigureAwait(false))];
        foreach (var check in new Func<CancellationToken, Task<CheckResult>>[] { NodesAsync, KernelsAsync, CertificateAsync, WebhookAsync, EndpointsAsync, AccessAsync })
        {
            try
            {
                results.Add(await check(cancellationToken).ConfigureAwait(false));
            }
            catch (ClusterException e) when (e.Status is not null)
            {
                results.Add(CheckResult.Failed(Names[check.Method.Name], e.Message, "check that Bifrost is installed ('kubectl apply -k manifests/') and what you may read ('bifrost check' lists it under RBAC)"));
            }
        }

        return results;
    }

    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(NodesAsync)] = "node agents",
        [nameof(KernelsAsync)] = "node kernels",
        [nameof(CertificateAsync)] = "serving certificate",
        [nameof(WebhookAsync)] = "webhook configuration",
        [nameof(EndpointsAsync)] = "webhook endpoints",
        [nameof(AccessAsync)] = "RBAC",
    };

    internal static CheckResult ApiServer(VersionInfo version)
    {
        const string name = "Kubernetes API";
        var minor = new string((version.Minor ?? "").TakeWhile(char.IsAsciiDigit).ToArray());
        if (!int.TryParse(version.Major, NumberStyles.None, CultureInfo.InvariantCulture, out var major) || !int.TryParse(minor, NumberStyles.None, CultureInfo.InvariantCulture, out var minorNumber))
            return CheckResult.Warning(name, $"{version.GitVersion}: the version cannot be read", "Bifrost needs Kubernetes 1.29 or newer for native sidecars");
        var found = new Version(major, minorNumber);
        return found >= NativeSidecars
            ? CheckResult.Ok(name, $"{version.GitVersion} (1.29 or newer: the tracer runs as a native sidecar)")
            : CheckResult.Warning(name, $"{version.GitVersion} is older than 1.29: no native sidecars, so the tracer runs as a plain container and keeps Jobs alive",
                "set Bifrost__Admission__NativeSidecar=false in the webhook's settings, or upgrade to 1.29 or newer");
    }

    private IReadOnlyList<BifrostNode>? listed;

    private async Task<IReadOnlyList<BifrostNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        listed ??= await client.ListNodesAsync(cancellationToken).ConfigureAwait(false);

    private async Task<CheckResult> NodesAsync(CancellationToken cancellationToken)
    {
        const string name = "node agents";
        var nodes = await ListNodesAsync(cancellationToken).ConfigureAwait(false);
        if (nodes.Count == 0)
            return CheckResult.Failed(name, "no node agent has reported (no BifrostNode objects)", $"kubectl -n {bifrostNamespace} get daemonset bifrost-agent; kubectl -n {bifrostNamespace} logs daemonset/bifrost-agent");
        var problems = nodes
            .Where(n => !n.Status.Ready || !n.Status.AppArmorEnabled)
            .Select(n => $"{n.Metadata.Name}: {(n.Status.AppArmorEnabled ? "not ready" : "AppArmor is not enabled in its kernel, profiles are only compiled")}")
            .ToList();
        var audit = string.Join(", ", nodes.GroupBy(n => n.Status.AuditSource ?? "none").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        return problems.Count == 0
            ? CheckResult.Ok(name, $"{nodes.Count} node{(nodes.Count == 1 ? "" : "s")} ready with AppArmor enabled (audit records: {audit})")
            : CheckResult.Failed(name, $"{problems.Count} of {nodes.Count} nodes: {string.Join("; ", problems)}",
                $"kubectl get bifrostnodes; kubectl -n {bifrostNamespace} logs daemonset/bifrost-agent (a node without AppArmor never enforces)");
    }

    /// <summary>
    /// BTF and cgroup v2 on every node, as its agent reports them. Without them the tracer cannot run there, and pods on
    /// that node learn from AppArmor audit records only: a warning, since Bifrost still works.
    /// </summary>
    private async Task<CheckResult> KernelsAsync(CancellationToken cancellationToken)
    {
        const string name = "node kernels";
        var nodes = await ListNodesAsync(cancellationToken).ConfigureAwait(false);
        if (nodes.Count == 0)
            return CheckResult.Failed(name, "no node agent has reported, so nothing is known of the nodes' kernels", $"kubectl -n {bifrostNamespace} get daemonset bifrost-agent");
        var lacking = new List<string>();
        foreach (var node in nodes)
        {
            var status = node.Status;
            var missing = new List<string>();
            if (status.Btf is null || status.CgroupV2 is null)
                missing.Add("not reported (an agent older than the kernel report)");
            if (status.Btf == false)
                missing.Add("no BTF");
            if (status.CgroupV2 == false)
                missing.Add("cgroup v1");
            if (missing.Count > 0)
                lacking.Add($"{node.Metadata.Name}{(status.KernelRelease is { } release ? $" ({release})" : "")}: {string.Join(", ", missing)}");
        }

        var releases = string.Join(", ", nodes.Select(n => n.Status.KernelRelease).OfType<string>().Distinct().Order(StringComparer.Ordinal));
        return lacking.Count == 0
            ? CheckResult.Ok(name, $"{nodes.Count} node{(nodes.Count == 1 ? "" : "s")} with BTF and cgroup v2 (kernel {releases})")
            : CheckResult.Warning(name, string.Join("; ", lacking),
                "the eBPF tracer needs BTF (/sys/kernel/btf/vmlinux) and cgroup v2; pods on these nodes learn from AppArmor audit records only");
    }

    private async Task<CheckResult> CertificateAsync(CancellationToken cancellationToken)
    {
        const string name = "serving certificate";
        V1Secret secret;
        try
        {
            secret = await client.GetSecretAsync(bifrostNamespace, SecretName, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            return CheckResult.Failed(name, $"no Secret {bifrostNamespace}/{SecretName}",
                "self-managed certificates: the webhook's leader writes it within a minute of starting (kubectl -n bifrost-system logs deploy/bifrost-webhook); with cert-manager: kubectl -n bifrost-system describe certificate");
        }

        var manager = secret.Metadata?.Annotations?.TryGetValue("cert-manager.io/certificate-name", out var certificate) == true
            ? $"cert-manager (Certificate {certificate})"
            : secret.Metadata?.Labels?.TryGetValue("app.kubernetes.io/managed-by", out var by) == true && by == "bifrost-webhook"
                ? "self-managed by the webhook"
                : "managed by hand";
        if (secret.Data?.TryGetValue("tls.crt", out var pem) != true || pem is null)
            return CheckResult.Failed(name, $"{manager}: Secret {bifrostNamespace}/{SecretName} has no tls.crt", "delete the Secret so that it is made again, or let cert-manager reissue it");
        try
        {
            using var leaf = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(pem));
            var until = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            return until > time.GetUtcNow()
                ? CheckResult.Ok(name, $"{manager}, valid until {until:yyyy-MM-dd HH:mm} UTC")
                : CheckResult.Failed(name, $"{manager}: expired on {until:yyyy-MM-dd HH:mm} UTC", "the webhook's leader renews a self-managed one; cert-manager renews its own: check their logs");
        }
        catch (CryptographicException e)
        {
            return CheckResult.Failed(name, $"{manager}: tls.crt is not a PEM certificate: {e.Message}", "delete the Secret so that it is made again, or let cert-manager reissue it");
        }
    }

    private async Task<CheckResult> WebhookAsync(CancellationToken cancellationToken)
    {
        const string name = "webhook configuration";
        V1MutatingWebhookConfiguration configuration;
        try
        {
            configuration = await client.GetMutatingWebhookAsync(WebhookName, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            return CheckResult.Failed(name, $"no MutatingWebhookConfiguration {WebhookName}: no pod reaches Bifrost", "kubectl apply -k manifests/");
        }

        var webhooks = configuration.Webhooks ?? [];
        var missing = webhooks.Where(w => w.ClientConfig?.CaBundle is not { Length: > 0 }).Select(w => w.Name).ToList();
        if (webhooks.Count == 0)
            return CheckResult.Failed(name, $"MutatingWebhookConfiguration {WebhookName} holds no webhook", "kubectl apply -k manifests/");
        return missing.Count == 0
            ? CheckResult.Ok(name, $"MutatingWebhookConfiguration {WebhookName}: {webhooks.Count} webhooks with a caBundle")
            : CheckResult.Failed(name, $"MutatingWebhookConfiguration {WebhookName}: no caBundle on {string.Join(", ", missing)}, so the API server cannot call it and pods are created unprotected",
                "self-managed: the webhook's leader writes it (kubectl -n bifrost-system logs deploy/bifrost-webhook); cert-manager: its CA injector does (overlays/cert-manager)");
    }

    private async Task<CheckResult> EndpointsAsync(CancellationToken cancellationToken)
    {
        const string name = "webhook endpoints";
        var slices = await client.ListEndpointSlicesAsync(bifrostNamespace, ServiceName, cancellationToken).ConfigureAwait(false);
        var endpoints = (slices.Items ?? []).SelectMany(s => s.Endpoints ?? []).ToList();
        var ready = endpoints.Count(e => e.Conditions?.Ready != false);
        return ready > 0
            ? CheckResult.Ok(name, $"Service {bifrostNamespace}/{ServiceName}: {ready} ready endpoint{(ready == 1 ? "" : "s")}")
            : CheckResult.Failed(name, $"Service {bifrostNamespace}/{ServiceName}: no ready endpoint ({endpoints.Count} not ready); Bifrost fails open, so pods are created unprotected",
                $"kubectl -n {bifrostNamespace} get pods -l app.kubernetes.io/name=bifrost-webhook; kubectl -n {bifrostNamespace} describe pods -l app.kubernetes.io/name=bifrost-webhook");
    }

    /// <summary>What the cluster commands do, each asked as a SelfSubjectAccessReview.</summary>
    private static readonly (string Verb, string Group, string Resource, bool InBifrost, string Needed)[] Permissions =
    [
        ("list", "bifrost.io", BifrostProfile.Plural, false, "status"),
        ("get", "bifrost.io", BifrostProfile.Plural, false, "show, diff"),
        ("patch", "bifrost.io", BifrostProfile.Plural, false, "approve, relearn"),
        ("list", "bifrost.io", BifrostNode.Plural, false, "status, check"),
        ("get", "", "secrets", true, "check"),
        ("get", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", false, "check"),
        ("list", "discovery.k8s.io", "endpointslices", true, "check"),
    ];

    private async Task<CheckResult> AccessAsync(CancellationToken cancellationToken)
    {
        const string name = "RBAC";
        var denied = new List<string>();
        foreach (var (verb, group, resource, inBifrost, needed) in Permissions)
        {
            var review = await client.CanIAsync(new V1ResourceAttributes { Verb = verb, Group = group, Resource = resource, NamespaceProperty = inBifrost ? bifrostNamespace : null }, cancellationToken).ConfigureAwait(false);
            if (review.Status?.Allowed != true)
                denied.Add($"{verb} {resource}{(group.Length > 0 ? "." + group : "")}{(inBifrost ? $" in {bifrostNamespace}" : "")} ({needed})");
        }

        return denied.Count == 0
            ? CheckResult.Ok(name, $"you may do all {Permissions.Length} things the cluster commands do")
            : CheckResult.Failed(name, $"you may not {string.Join("; ", denied)}", "ask a cluster admin for a Role or ClusterRole with these verbs (kubectl auth can-i VERB RESOURCE shows the same answers)");
    }
}
