using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>
/// <c>spec.mode: Off</c> on a workload's BifrostProfile leaves its new pods as they were written, while other pods
/// of the same protected namespace still learn. Dry-run pods: nothing needs to run.
/// </summary>
[Collection(ClusterTests.Name)]
public sealed class ProfileModeTests(ClusterFixture cluster)
{
    [RequiresFact(typeof(DeployedLoop))]
    public async Task ModeOff_LeavesNewPodsOfTheWorkloadUnchanged()
    {
        await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" });
        var workload = new WorkloadIdentity(ns.Name, "Pod", "web");
        var name = await ProfileObjects.CreateAsync(cluster.Client, workload, new BifrostProfileSpec
        {
            Workload = new WorkloadReference(workload.Kind, workload.Name),
            Mode = ProfileModeSetting.Off,
        });

        await Poll.UntilAsync(
            () => ProfileObjects.GetAsync(cluster.Client, ns.Name, name),
            p => p?.Status.Phase == ProfilePhase.Off,
            LearningWorkload.AdmissionLimit,
            ProfileObjects.Describe);
        var off = await Poll.UntilAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns.Name, dryRun: "All"),
            p => p.Metadata.Annotations?.ContainsKey("bifrost.io/status") != true,
            LearningWorkload.AdmissionLimit,
            p => $"pod web still admitted with {p?.Metadata.Annotations?["bifrost.io/status"]}");
        var other = await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("other"), ns.Name, dryRun: "All");

        Assert.Null(off.Spec.Containers.Single().SecurityContext?.AppArmorProfile);
        Assert.Null(off.Spec.InitContainers);
        Assert.Equal("Localhost", other.Spec.Containers.Single().SecurityContext.AppArmorProfile.Type);
        Assert.True(LearningWorkload.HasTracer(other));
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = LearningWorkload.Container, Image = "busybox:1.36", Command = ["sleep", "3600"] }],
        },
    };
}
