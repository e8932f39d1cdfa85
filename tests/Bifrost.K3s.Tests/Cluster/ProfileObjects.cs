using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>BifrostProfile custom objects, read and written as the webhook does (ProfileJson, the CRD's field names).</summary>
internal static class ProfileObjects
{
    private const string Group = BifrostProfile.Group;
    private const string Version = BifrostProfile.Version;
    private const string Plural = BifrostProfile.Plural;

    /// <summary>Creates a workload's profile ahead of its pods, with the spec a person would write; status is the controller's.</summary>
    public static async Task<string> CreateAsync(IKubernetes client, WorkloadIdentity workload, BifrostProfileSpec spec, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var name = BifrostProfile.NameFor(workload);
        var profile = new BifrostProfile
        {
            Metadata = new ObjectMeta { Name = name, Namespace = workload.Namespace, Annotations = annotations },
            Spec = spec,
        };
        var body = JsonSerializer.SerializeToNode(profile, ProfileJson.Options)!.AsObject();
        body.Remove("status");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, Version, workload.Namespace, Plural);
        return name;
    }

    public static async Task<BifrostProfile?> GetAsync(IKubernetes client, string @namespace, string name)
    {
        try
        {
            var found = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, @namespace, Plural, name);
            return found.Deserialize<BifrostProfile>(ProfileJson.Options);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task SetModeAsync(IKubernetes client, string @namespace, string name, ProfileModeSetting mode)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["mode"] = mode.ToString() } };
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), Group, Version, @namespace, Plural, name);
    }

    public static string Describe(BifrostProfile? profile) =>
        profile is null ? "no BifrostProfile" : $"phase {profile.Status.Phase} ({profile.Status.Message ?? "no message"}), {profile.Status.Rules} rules";
}
