using Bifrost.Core.Admission;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Cluster;

/// <summary>
/// A small Deployment in a protected namespace, with its BifrostProfile created first so the learning periods are
/// short (spec.minLearningPeriod, spec.quietPeriod). Its container reads one file every two seconds, so its rules
/// stop growing after the first report and the loop can run to Enforcing in minutes.
/// </summary>
internal sealed class LearningWorkload(IKubernetes client, string @namespace)
{
    public const string Name = "web";
    public const string Container = "app";

    /// <summary>Learning to Enforcing: the first report, the periods, two controller ticks and the node agents' loads.</summary>
    public static readonly TimeSpan EnforcingLimit = TimeSpan.FromMinutes(10);

    /// <summary>How long a settled phase takes to reach every webhook replica's view, by a wide margin.</summary>
    public static readonly TimeSpan AdmissionLimit = TimeSpan.FromMinutes(2);

    public WorkloadIdentity Workload { get; } = new(@namespace, "Deployment", Name);

    public string ProfileName { get; } = BifrostProfile.NameFor(new WorkloadIdentity(@namespace, "Deployment", Name));

    public async Task StartAsync(BifrostProfileSpec? spec = null)
    {
        await ProfileObjects.CreateAsync(client, Workload, spec ?? new BifrostProfileSpec
        {
            Workload = new WorkloadReference(Workload.Kind, Workload.Name),
            MinLearningPeriod = "20s",
            QuietPeriod = "30s",
            MinPods = 1,
        });
        var labels = new Dictionary<string, string> { ["app"] = Name };
        await client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = Name },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        TerminationGracePeriodSeconds = 5,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = Container,
                                Image = "busybox:1.36",
                                Command = ["sh", "-c", "while true; do cat /etc/hostname > /dev/null; sleep 2; done"],
                            },
                        ],
                    },
                },
            },
        }, @namespace);
    }

    /// <summary>Waits for Enforcing and returns the phases seen on the way, in order, and the profile reached.</summary>
    public async Task<(IReadOnlyList<ProfilePhase> Seen, BifrostProfile Profile)> EnforcingAsync()
    {
        var seen = new List<ProfilePhase>();
        var profile = await Poll.UntilAsync(
            async () =>
            {
                var current = await ProfileObjects.GetAsync(client, @namespace, ProfileName);
                if (current is not null && (seen.Count == 0 || seen[^1] != current.Status.Phase))
                    seen.Add(current.Status.Phase);
                return current;
            },
            p => p?.Status.Phase == ProfilePhase.Enforcing,
            EnforcingLimit,
            p => $"{ProfileObjects.Describe(p)}; phases seen: {string.Join(" -> ", seen)}");
        return (seen, profile!);
    }

    /// <summary>
    /// A new pod of the Deployment as its ReplicaSet would create it, through admission with a server-side dry run,
    /// retried until <paramref name="done"/> holds: each webhook replica learns a phase change on its next tick.
    /// </summary>
    public async Task<V1Pod> NewPodAsync(Func<V1Pod, bool> done, string expectation)
    {
        var replicaSet = (await client.AppsV1.ListNamespacedReplicaSetAsync(@namespace, labelSelector: $"app={Name}")).Items.Single();
        var template = replicaSet.Spec.Template;
        V1Pod Pod() => new()
        {
            Metadata = new V1ObjectMeta
            {
                GenerateName = replicaSet.Metadata.Name + "-",
                Labels = template.Metadata.Labels,
                Annotations = template.Metadata.Annotations,
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "apps/v1",
                        Kind = "ReplicaSet",
                        Name = replicaSet.Metadata.Name,
                        Uid = replicaSet.Metadata.Uid,
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = template.Spec,
        };
        return await Poll.UntilAsync(
            () => client.CoreV1.CreateNamespacedPodAsync(Pod(), @namespace, dryRun: "All"),
            done,
            AdmissionLimit,
            pod => $"{expectation}; the last new pod got {Admitted(pod)}");
    }

    public static string? AppProfile(V1Pod pod) =>
        pod.Spec.Containers.Single(c => c.Name == Container).SecurityContext?.AppArmorProfile?.LocalhostProfile;

    public static bool HasTracer(V1Pod pod) =>
        (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers).Any(c => c.Name == BifrostLabels.TracerContainerName);

    private static string Admitted(V1Pod? pod) =>
        pod is null ? "nothing" : $"profile {AppProfile(pod) ?? "(none)"}, tracer {(HasTracer(pod) ? "injected" : "absent")}";
}
