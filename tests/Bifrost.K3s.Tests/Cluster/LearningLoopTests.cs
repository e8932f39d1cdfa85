using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.K3s.Tests.Support;
using k8s;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>
/// The whole loop in a real cluster: a protected Deployment's pod learns under the tracer, its BifrostProfile goes
/// Learning -> Stable -> Enforcing, and a new pod then gets the content-addressed enforce profile and no tracer.
/// New pods are created with a server-side dry run, as in <see cref="PodInjectionTests"/>.
/// </summary>
[Collection(ClusterTests.Name)]
public sealed class LearningLoopTests(ClusterFixture cluster)
{
    [RequiresFact(typeof(DeployedLoop))]
    public async Task ProtectedDeployment_LearnsThenGivesNewPodsTheEnforceProfileAndNoTracer()
    {
        await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" });
        var workload = new LearningWorkload(cluster.Client, ns.Name);
        await workload.StartAsync();

        var (seen, profile) = await workload.EnforcingAsync();

        Assert.Equal([ProfilePhase.Learning, ProfilePhase.Stable, ProfilePhase.Enforcing], seen);
        var enforce = Assert.Single(profile.Status.Containers.Single(c => c.Name == LearningWorkload.Container).Profiles, p => p.Mode == ProfileMode.Enforce);
        Assert.Equal(RenderedProfile.Create(enforce.Name, ProfileMode.Enforce, enforce.Text).Hash, enforce.Hash);
        Assert.NotEqual(ProfileNames.Learning(workload.Workload, LearningWorkload.Container), enforce.Name);
        Assert.Matches($"^bifrost_{ns.Name}_deploy_{LearningWorkload.Name}_{LearningWorkload.Container}_[0-9a-f]{{10}}$", enforce.Name);

        var pod = await workload.NewPodAsync(p => LearningWorkload.AppProfile(p) == enforce.Name, $"a new pod gets {enforce.Name}");

        Assert.False(LearningWorkload.HasTracer(pod));
        Assert.Contains("\"phase\":\"Enforcing\"", pod.Metadata.Annotations["bifrost.io/status"], StringComparison.Ordinal);
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync(ns.Name, fieldSelector: $"involvedObject.name={LearningWorkload.Name}");
        Assert.Contains(events.Items, e => e.Reason == "Stable");
        Assert.Contains(events.Items, e => e.Reason == "Enforcing");
    }

    [RequiresFact(typeof(DeployedLoop))]
    public async Task ModeLearn_OnAnEnforcingWorkload_GivesNewPodsLearningAndTheTracerAgain()
    {
        await using var ns = await TestNamespace.CreateAsync(cluster.Client, new Dictionary<string, string> { ["bifrost.io/protect"] = "enabled" });
        var workload = new LearningWorkload(cluster.Client, ns.Name);
        await workload.StartAsync();
        var (_, enforcing) = await workload.EnforcingAsync();
        var enforce = enforcing.Status.Containers.Single().Profiles.Single(p => p.Mode == ProfileMode.Enforce).Name;

        await ProfileObjects.SetModeAsync(cluster.Client, ns.Name, workload.ProfileName, ProfileModeSetting.Learn);

        var learning = await Poll.UntilAsync(
            () => ProfileObjects.GetAsync(cluster.Client, ns.Name, workload.ProfileName),
            p => p?.Status.Phase == ProfilePhase.Learning,
            LearningWorkload.AdmissionLimit,
            ProfileObjects.Describe);
        Assert.Equal("spec.mode is Learn", learning!.Status.Message);
        var pod = await workload.NewPodAsync(LearningWorkload.HasTracer, "a new pod gets the tracer");
        Assert.NotEqual(enforce, LearningWorkload.AppProfile(pod));
        Assert.Contains(LearningWorkload.AppProfile(pod), new[] { ProfileNames.Learning(workload.Workload, LearningWorkload.Container), ProfileNames.Bootstrap });
    }
}
