using System.Net;
using System.Text.Json;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>
/// What `kubectl get bifrostprofiles` prints: the API server renders the CRD's printer columns as a Table. Needs only
/// the CRD, which the test installs from manifests/ when the cluster lacks it (a fresh k3s) and removes afterwards.
/// </summary>
[Collection(ClusterTests.Name)]
public sealed class ProfileColumnsTests(ClusterFixture cluster)
{
    private const string CrdName = "bifrostprofiles.bifrost.io";
    private static readonly Dictionary<string, IReadOnlyList<string>> TableHeader = new() { ["Accept"] = ["application/json;as=Table;v=v1;g=meta.k8s.io"] };

    [RequiresFact(typeof(KubernetesCluster))]
    public async Task GetBifrostProfiles_ShowsWorkloadPhaseAndRules()
    {
        var installed = await EnsureCrdAsync();
        try
        {
            await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string>());
            var workload = new WorkloadIdentity(ns.Name, "Deployment", "shop");
            var name = await ProfileObjects.CreateAsync(cluster.Client, workload, new BifrostProfileSpec { Workload = new WorkloadReference(workload.Kind, workload.Name) });
            await WriteStatusAsync(ns.Name, name, new BifrostProfileStatus { Phase = ProfilePhase.Learning, Rules = 17, LastNewRuleAt = DateTimeOffset.UtcNow });

            var table = (await cluster.Client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(
                BifrostProfile.Group, BifrostProfile.Version, ns.Name, BifrostProfile.Plural, customHeaders: TableHeader)).Body;

            var columns = table.GetProperty("columnDefinitions").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            var cells = Assert.Single(table.GetProperty("rows").EnumerateArray()).GetProperty("cells").EnumerateArray().ToList();
            Assert.Equal(["Name", "Workload", "Kind", "Phase", "Degraded", "Reason", "Revision", "Rules", "Last New Rule", "Pkgs In Use", "Pkgs Installed", "Age"], columns);
            Assert.Equal(name, cells[columns.IndexOf("Name")].GetString());
            Assert.Equal("shop", cells[columns.IndexOf("Workload")].GetString());
            Assert.Equal("Learning", cells[columns.IndexOf("Phase")].GetString());
            Assert.Equal(17, cells[columns.IndexOf("Rules")].GetInt32());
        }
        finally
        {
            if (installed)
                await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(CrdName);
        }
    }

    /// <summary>Status goes through its subresource, as the controller writes it; the create dropped it.</summary>
    private async Task WriteStatusAsync(string @namespace, string name, BifrostProfileStatus status)
    {
        var patch = JsonSerializer.Serialize(new { status }, ProfileJson.Options);
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), BifrostProfile.Group, BifrostProfile.Version, @namespace, BifrostProfile.Plural, name);
    }

    /// <summary>True when this test installed the CRD (and so removes it), false when the cluster had it.</summary>
    private async Task<bool> EnsureCrdAsync()
    {
        try
        {
            await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(CrdName);
            return false;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }

        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
            ManifestFiles.Objects(ManifestFiles.Base).OfType<V1CustomResourceDefinition>().Single(c => c.Metadata.Name == CrdName));
        await Poll.UntilAsync(
            () => cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(CrdName),
            crd => crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true,
            TimeSpan.FromMinutes(1),
            _ => $"{CrdName} is not Established");
        return true;
    }
}
