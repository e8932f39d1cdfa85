using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

public sealed class AgentDaemonSetTests
{
    private static readonly V1DaemonSet DaemonSet = ManifestFiles.Single<V1DaemonSet>(ManifestFiles.Base);

    private static V1PodSpec Pod => DaemonSet.Spec.Template.Spec;

    private static V1Container Container => Assert.Single(Pod.Containers);

    [Fact]
    public void DaemonSet_RunsOnEveryLinuxNodeWhateverItsTaints()
    {
        Assert.Equal("linux", Pod.NodeSelector["kubernetes.io/os"]);
        var toleration = Assert.Single(Pod.Tolerations);
        Assert.Equal("Exists", toleration.OperatorProperty);
        Assert.Null(toleration.Key);
        Assert.Null(toleration.Effect);
    }

    [Fact]
    public void DaemonSet_IsPrivilegedWithHostPidToReadTaskLabels()
    {
        Assert.True(Pod.HostPID);
        Assert.True(Container.SecurityContext.Privileged);
        Assert.True(Container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.NotEqual(true, Pod.HostNetwork);
    }

    [Fact]
    public void DaemonSet_IsNodeCriticalSoItIsNotEvictedBeforeThePodsItServes()
    {
        Assert.Equal("system-node-critical", Pod.PriorityClassName);
    }

    [Fact]
    public void DaemonSet_ReportsToTheIntakeAsItsOwnPodWithABifrostAudienceToken()
    {
        string? Env(string name) => Container.Env.Single(e => e.Name == name).Value;
        string? Field(string name) => Container.Env.Single(e => e.Name == name).ValueFrom?.FieldRef?.FieldPath;

        Assert.StartsWith("https://bifrost-intake.bifrost-system.svc", Env("Bifrost__Agent__ReportEndpoint"), StringComparison.Ordinal);
        Assert.Equal(("metadata.namespace", "metadata.name", "metadata.uid"), (Field("Bifrost__Agent__PodNamespace"), Field("Bifrost__Agent__PodName"), Field("Bifrost__Agent__PodUid")));
        var token = Assert.Single(Pod.Volumes, v => v.Projected is not null).Projected.Sources.Single().ServiceAccountToken;
        Assert.Equal("bifrost", token.Audience);
        var mount = Assert.Single(Container.VolumeMounts, m => m.Name == Assert.Single(Pod.Volumes, v => v.Projected is not null).Name);
        Assert.Equal(Env("Bifrost__Agent__TokenFile"), $"{mount.MountPath}/{token.Path}");
        var ca = Assert.Single(Pod.Volumes, v => v.Secret?.SecretName == "bifrost-webhook-tls");
        Assert.Equal(Env("Bifrost__Agent__CaFile"), $"{Container.VolumeMounts.Single(m => m.Name == ca.Name).MountPath}/{ca.Secret.Items.Single().Path}");
    }

    [Theory]
    [InlineData("/sys/kernel/security", "/sys/kernel/security", false)]
    [InlineData("/etc/apparmor.d/bifrost", "/etc/apparmor.d/bifrost", false)]
    [InlineData("/var/log/audit", "/var/log/audit", true)]
    [InlineData("/var/lib/bifrost", "/var/lib/bifrost", false)]
    [InlineData("/etc/apparmor.d", "/host/etc/apparmor.d", true)]
    public void DaemonSet_MountsTheHostPathsItNeeds(string hostPath, string mountPath, bool readOnly)
    {
        var volume = Assert.Single(Pod.Volumes, v => v.HostPath?.Path == hostPath);
        var mount = Assert.Single(Container.VolumeMounts, m => m.Name == volume.Name);

        Assert.Equal(mountPath, mount.MountPath);
        Assert.Equal(readOnly, mount.ReadOnlyProperty ?? false);
    }

    [Fact]
    public void DaemonSet_SettingsPointAtTheMounts()
    {
        string Env(string name) => Assert.Single(Container.Env, e => e.Name == $"Bifrost__Agent__{name}").Value;

        Assert.Equal("spec.nodeName", Assert.Single(Container.Env, e => e.Name == "Bifrost__Agent__NodeName").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("/etc/apparmor.d/bifrost", Env("ProfileDirectory"));
        Assert.StartsWith("/var/lib/bifrost/", Env("StateFile"), StringComparison.Ordinal);
        Assert.Equal("/sys/kernel/security/apparmor", Env("SecurityFsDirectory"));
        Assert.Equal("/var/log/audit/audit.log", Env("AuditLogPath"));
        Assert.Equal("/host/etc/apparmor.d", Env("IncludeDirectories__0"));
    }

    [Fact]
    public void DaemonSet_ReadinessMeansEveryProfileIsInPlace()
    {
        Assert.Equal("/readyz", Container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/healthz", Container.LivenessProbe.HttpGet.Path);
        var port = Assert.Single(Container.Ports);
        Assert.Equal("http-metrics", port.Name);
        Assert.Equal("http-metrics", Container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal(port.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(Container.Env, e => e.Name == "Bifrost__Agent__HealthPort").Value);
    }

    [Fact]
    public void DaemonSet_RequestsAndLimitsResources()
    {
        Assert.True(Container.Resources.Requests.ContainsKey("cpu"));
        Assert.True(Container.Resources.Requests.ContainsKey("memory"));
        Assert.True(Container.Resources.Limits.ContainsKey("memory"));
        Assert.Equal("ghcr.io/bifrost-io/bifrost-agent", Container.Image);
    }

    [Fact]
    public void ClusterRole_ReadsProfilesAndPodsAndWritesOnlyNodes()
    {
        var rules = ManifestFiles.Named<V1ClusterRole>(ManifestFiles.Base, "bifrost-agent").Rules;

        Assert.Equal(["get", "list", "watch"], Assert.Single(rules, r => r.Resources.Contains("bifrostprofiles")).Verbs);
        Assert.Equal(["get", "create"], Assert.Single(rules, r => r.Resources.Contains("bifrostnodes")).Verbs);
        Assert.Contains("patch", Assert.Single(rules, r => r.Resources.Contains("bifrostnodes/status")).Verbs);
        var pods = Assert.Single(rules, r => r.Resources.Contains("pods"));
        Assert.Equal([""], pods.ApiGroups);
        Assert.Equal(["pods"], pods.Resources);
        Assert.Equal(["list", "watch"], pods.Verbs);
        Assert.All(rules.Where(r => r != pods), r => Assert.Equal(["bifrost.io"], r.ApiGroups));
        Assert.DoesNotContain(rules, r => r.Verbs.Contains("*") || r.Verbs.Contains("delete"));

        var binding = ManifestFiles.Named<V1ClusterRoleBinding>(ManifestFiles.Base, "bifrost-agent");
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(Pod.ServiceAccountName, subject.Name);
        Assert.Equal("bifrost-system", subject.NamespaceProperty);
        Assert.NotNull(ManifestFiles.Named<V1ServiceAccount>(ManifestFiles.Base, Pod.ServiceAccountName));
    }

    [Fact]
    public void Crd_BifrostNodeIsClusterScopedWithStatusSubresourceAndSchema()
    {
        var crd = ManifestFiles.Objects(ManifestFiles.Base).OfType<V1CustomResourceDefinition>().Single(c => c.Metadata.Name == "bifrostnodes.bifrost.io");

        Assert.Equal("bifrostnodes.bifrost.io", crd.Metadata.Name);
        Assert.Equal("Cluster", crd.Spec.Scope);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal("v1alpha1", version.Name);
        Assert.NotNull(version.Subresources.Status);
        var status = version.Schema.OpenAPIV3Schema.Properties["status"];
        Assert.Equal(["appArmorEnabled", "auditSource", "btf", "cgroupV2", "kernelRelease", "profiles", "ready", "uninstall", "updatedAt"], status.Properties.Keys.Order(StringComparer.Ordinal));
        // The item schema is untyped in the client's model; the states are checked in the file's text.
        var text = File.ReadAllText(Path.Combine(ManifestFiles.Base, "crd-bifrostnodes.yaml"));
        Assert.Contains("enum: [Pending, Loaded, Compiled, Error]", text, StringComparison.Ordinal);
        Assert.Contains("enum: [netlink, auditd-log, kmsg, none]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Crd_BifrostNodeSchemaDeclaresEveryFieldTheAgentWrites()
    {
        var crd = ManifestFiles.Objects(ManifestFiles.Base).OfType<V1CustomResourceDefinition>().Single(c => c.Metadata.Name == "bifrostnodes.bifrost.io");
        var status = new BifrostNodeStatus
        {
            Ready = true,
            AppArmorEnabled = true,
            AuditSource = "netlink",
            KernelRelease = "6.8.0-49-generic",
            Btf = true,
            CgroupV2 = true,
            UpdatedAt = DateTimeOffset.UnixEpoch,
            Profiles = [new NodeProfileStatus { Name = "bifrost_a", Hash = new string('a', 64), Mode = ProfileMode.Enforce, State = NodeProfileState.Error, Message = "m" }],
            Uninstall = new NodeUninstallStatus { Request = "r", Removed = 1, KeptInUse = ["bifrost_b"], Failed = ["bifrost_c: m"], CompletedAt = DateTimeOffset.UnixEpoch },
        };
        var json = new JsonObject { ["status"] = JsonSerializer.SerializeToNode(status, ProfileJson.Options) };

        Assert.Empty(Undeclared(json, crd.Spec.Versions.Single().Schema.OpenAPIV3Schema, ""));
    }

    private static IEnumerable<string> Undeclared(JsonNode? node, V1JSONSchemaProps schema, string path)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (schema.Properties is null || !schema.Properties.TryGetValue(key, out var child))
                    yield return $"{path}/{key}";
                else
                    foreach (var missing in Undeclared(value, child, $"{path}/{key}"))
                        yield return missing;
            }
        }
        else if (node is JsonArray array)
        {
            // The client leaves "items" untyped; a round trip through its serializer types it.
            var items = KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(schema.Items));
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var missing in Undeclared(array[i], items, $"{path}/{i}"))
                    yield return missing;
            }
        }
    }
}
