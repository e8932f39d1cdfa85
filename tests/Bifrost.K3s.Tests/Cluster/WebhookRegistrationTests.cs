using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>
/// The API server itself checks the manifests: server-side dry runs validate every field and compile the
/// webhook's CEL match conditions, without changing the cluster.
/// </summary>
[Collection(ClusterTests.Name)]
public sealed class WebhookRegistrationTests(ClusterFixture cluster)
{
    [RequiresFact(typeof(KubernetesCluster))]
    public async Task WebhookConfiguration_IsAcceptedWithItsMatchConditions()
    {
        var configuration = ManifestFiles.Single<V1MutatingWebhookConfiguration>(ManifestFiles.Base);

        var accepted = await cluster.Client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(configuration, dryRun: "All");

        Assert.Equal(2, accepted.Webhooks.Count);
        Assert.All(accepted.Webhooks, w => Assert.Equal("Ignore", w.FailurePolicy));
        Assert.Equal(
            configuration.Webhooks.SelectMany(w => w.MatchConditions).Select(c => c.Expression),
            accepted.Webhooks.SelectMany(w => w.MatchConditions).Select(c => c.Expression));
    }

    [RequiresFact(typeof(KubernetesCluster))]
    public async Task BaseManifests_AreAcceptedByTheApiServer()
    {
        await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string>());
        var client = cluster.Client;

        foreach (var resource in ManifestFiles.Objects(ManifestFiles.Base))
        {
            var created = resource switch
            {
                V1Namespace n => (object)await client.CoreV1.CreateNamespaceAsync(n, dryRun: "All"),
                V1ServiceAccount a => await client.CoreV1.CreateNamespacedServiceAccountAsync(a, ns.Name, dryRun: "All"),
                V1Service s => await client.CoreV1.CreateNamespacedServiceAsync(s, ns.Name, dryRun: "All"),
                V1Deployment d => await client.AppsV1.CreateNamespacedDeploymentAsync(d, ns.Name, dryRun: "All"),
                V1PodDisruptionBudget b => await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(b, ns.Name, dryRun: "All"),
                V1ClusterRole r => await client.RbacAuthorizationV1.CreateClusterRoleAsync(r, dryRun: "All"),
                V1ClusterRoleBinding r => await client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(r, dryRun: "All"),
                V1Role r => await client.RbacAuthorizationV1.CreateNamespacedRoleAsync(r, ns.Name, dryRun: "All"),
                V1RoleBinding r => await client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(r, ns.Name, dryRun: "All"),
                V1MutatingWebhookConfiguration w => await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(w, dryRun: "All"),
                _ => throw new InvalidOperationException($"no dry run for {resource.GetType().Name}; add one"),
            };
            Assert.NotNull(created);
        }
    }
}
