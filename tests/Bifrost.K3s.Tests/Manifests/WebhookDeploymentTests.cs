using Bifrost.Kubernetes.Leadership;
using Bifrost.K3s.Tests.Support;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

public sealed class WebhookDeploymentTests
{
    private static readonly V1Deployment Deployment = ManifestFiles.Single<V1Deployment>(ManifestFiles.Base);

    private static V1Container Container => Assert.Single(Deployment.Spec.Template.Spec.Containers);

    [Fact]
    public void Deployment_RunsTwoSpreadReplicasWithDisruptionBudget()
    {
        Assert.Equal(2, Deployment.Spec.Replicas);
        var spec = Deployment.Spec.Template.Spec;
        Assert.Contains(spec.TopologySpreadConstraints, c => c.TopologyKey == "kubernetes.io/hostname");
        Assert.NotNull(spec.Affinity.PodAntiAffinity);
        var budget = ManifestFiles.Single<V1PodDisruptionBudget>(ManifestFiles.Base);
        Assert.Equal("1", budget.Spec.MinAvailable.Value);
        Assert.Equal(Deployment.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
    }

    [Fact]
    public void Deployment_RunsNonRootReadOnlyWithoutCapabilities()
    {
        var pod = Deployment.Spec.Template.Spec.SecurityContext;
        Assert.True(pod.RunAsNonRoot);
        Assert.NotEqual(0, pod.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SeccompProfile.Type);
        var container = Container.SecurityContext;
        Assert.True(container.ReadOnlyRootFilesystem);
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
        Assert.Null(container.Privileged);
    }

    [Fact]
    public void Deployment_ProbesHealthAndReadinessOverHttps()
    {
        Assert.Equal("/healthz", Container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", Container.ReadinessProbe.HttpGet.Path);
        Assert.All([Container.LivenessProbe, Container.ReadinessProbe, Container.StartupProbe], probe =>
        {
            Assert.Equal("HTTPS", probe.HttpGet.Scheme);
            Assert.Equal("https", probe.HttpGet.Port.Value);
        });
        Assert.Equal(8443, Assert.Single(Container.Ports, p => p.Name == "https").ContainerPort);
    }

    [Fact]
    public void Deployment_RequestsAndLimitsResources()
    {
        Assert.True(Container.Resources.Requests.ContainsKey("cpu"));
        Assert.True(Container.Resources.Requests.ContainsKey("memory"));
        Assert.True(Container.Resources.Limits.ContainsKey("memory"));
    }

    [Fact]
    public void Deployment_MountsTheTlsSecretWhereTheSettingsPoint()
    {
        var mount = Assert.Single(Container.VolumeMounts, m => m.MountPath == "/etc/bifrost/tls");
        Assert.True(mount.ReadOnlyProperty);
        var volume = Assert.Single(Deployment.Spec.Template.Spec.Volumes, v => v.Name == mount.Name);
        Assert.Equal("bifrost-webhook-tls", volume.Secret.SecretName);
        Assert.Equal("/etc/bifrost/tls/tls.crt", Assert.Single(Container.Env, e => e.Name == "Bifrost__Tls__CertFile").Value);
        Assert.Equal("/etc/bifrost/tls/tls.key", Assert.Single(Container.Env, e => e.Name == "Bifrost__Tls__KeyFile").Value);
        // No tag here: the kustomization's images: give it the release's (ReleaseVersionTests).
        Assert.Equal("ghcr.io/bifrost-io/bifrost-webhook", Container.Image);
    }

    [Fact]
    public void Deployment_NamesEachReplicaForLeaderElectionFromTheDownwardApi()
    {
        // The lease holder is the pod name and the lease lives in the pod's namespace, beside the Role that grants it.
        Assert.Equal("metadata.name", Assert.Single(Container.Env, e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", Assert.Single(Container.Env, e => e.Name == "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal(Deployment.Metadata.NamespaceProperty, ManifestFiles.Single<V1Role>(ManifestFiles.Base).Metadata.NamespaceProperty);
    }

    [Fact]
    public void Service_ForwardsHttpsToTheWebhookPort()
    {
        var service = ManifestFiles.Named<V1Service>(ManifestFiles.Base, "bifrost-webhook");

        AssertForwardsHttps(service);
        Assert.Equal(Deployment.Spec.Selector.MatchLabels, service.Spec.Selector);
    }

    private static void AssertForwardsHttps(V1Service service)
    {
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(443, port.Port);
        Assert.Equal("https", port.TargetPort.Value);
    }

    [Fact]
    public void IntakeService_ReachesOnlyTheReplicaThatLeads()
    {
        var service = ManifestFiles.Named<V1Service>(ManifestFiles.Base, "bifrost-intake");

        AssertForwardsHttps(service);
        var expected = new Dictionary<string, string>(Deployment.Spec.Selector.MatchLabels) { [LeaderPodLabel.Label] = "true" };
        Assert.Equal(expected.OrderBy(p => p.Key), service.Spec.Selector.OrderBy(p => p.Key));
        Assert.DoesNotContain(LeaderPodLabel.Label, Deployment.Spec.Template.Metadata.Labels.Keys);
    }

    [Fact]
    public void ClusterRole_GrantsOnlyWhatBifrostUses()
    {
        var rules = ManifestFiles.Named<V1ClusterRole>(ManifestFiles.Base, "bifrost-webhook").Rules;

        Assert.Equal(["get", "list", "watch"], Assert.Single(rules, r => r.Resources.Contains("namespaces")).Verbs);
        Assert.Equal(["create"], Assert.Single(rules, r => r.Resources.Contains("tokenreviews")).Verbs);
        Assert.Contains("create", Assert.Single(rules, r => r.Resources.Contains("events")).Verbs);
        var profiles = Assert.Single(rules, r => r.Resources.Contains("bifrostprofiles"));
        Assert.Equal(["bifrost.io"], profiles.ApiGroups);
        Assert.Contains("patch", profiles.Verbs);
        Assert.Contains("update", Assert.Single(rules, r => r.Resources.Contains("bifrostprofiles/status")).Verbs);
        // Read one at a time for the intake, listed by the leader to find pods that slipped past admission; never changed.
        Assert.Equal(["get", "list"], Assert.Single(rules, r => r.Resources.Contains("pods")).Verbs);
        var workloads = Assert.Single(rules, r => r.Resources.Contains("deployments"));
        Assert.Equal(["deployments", "statefulsets", "daemonsets"], workloads.Resources);
        Assert.Equal(["get", "patch"], workloads.Verbs);
        // Read only, to name a workload's uid in its Events.
        Assert.Equal(["get"], Assert.Single(rules, r => r.Resources.Contains("replicasets")).Verbs);
        var batch = Assert.Single(rules, r => r.ApiGroups.Contains("batch"));
        Assert.Equal(["jobs", "cronjobs"], batch.Resources);
        Assert.Equal(["get"], batch.Verbs);
        Assert.DoesNotContain(rules, r => r.Verbs.Contains("*") || r.Resources.Contains("*") || r.Resources.Contains("secrets"));
        var local = ManifestFiles.Single<V1Role>(ManifestFiles.Base).Rules;
        Assert.Equal(4, local.Count);
        var leases = Assert.Single(local, r => r.Resources.Contains("leases"));
        Assert.Equal(["coordination.k8s.io"], leases.ApiGroups);
        Assert.Equal(["leases"], leases.Resources);
        Assert.Equal(["get", "create", "update"], leases.Verbs);
        // Only in its own namespace, and only to patch: the leader's label on its own pod.
        var pods = Assert.Single(local, r => r.Resources.Contains("pods"));
        Assert.Equal([""], pods.ApiGroups);
        Assert.Equal(["patch"], pods.Verbs);
        // Self-managed certificates: read and patch one Secret by name; create cannot be limited to a name.
        var secrets = local.Where(r => r.Resources.Contains("secrets")).ToList();
        Assert.Equal(["get", "patch"], Assert.Single(secrets, r => r.ResourceNames is { Count: > 0 }).Verbs);
        Assert.Equal(["bifrost-webhook-tls"], Assert.Single(secrets, r => r.ResourceNames is { Count: > 0 }).ResourceNames);
        Assert.Equal(["create"], Assert.Single(secrets, r => r.ResourceNames is null or { Count: 0 }).Verbs);
    }

    [Fact]
    public void Bindings_GiveTheRolesToTheWebhookServiceAccount()
    {
        var account = ManifestFiles.Named<V1ServiceAccount>(ManifestFiles.Base, "bifrost-webhook");

        Assert.Equal(account.Metadata.Name, Deployment.Spec.Template.Spec.ServiceAccountName);
        var cluster = Assert.Single(ManifestFiles.Named<V1ClusterRoleBinding>(ManifestFiles.Base, "bifrost-webhook").Subjects);
        var local = Assert.Single(ManifestFiles.Single<V1RoleBinding>(ManifestFiles.Base).Subjects);
        Assert.All([cluster, local], subject =>
        {
            Assert.Equal("ServiceAccount", subject.Kind);
            Assert.Equal(account.Metadata.Name, subject.Name);
            Assert.Equal("bifrost-system", subject.NamespaceProperty);
        });
    }
}
