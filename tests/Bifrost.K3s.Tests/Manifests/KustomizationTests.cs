using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

public sealed class KustomizationTests
{
    public static TheoryData<string> Kustomizations() =>
        [.. ManifestFiles.Kustomizations().Select(dir => Path.GetRelativePath(Repository.Root, dir))];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Kustomization_EveryListedResourceAndPatch_Exists(string directory)
    {
        var full = Repository.Path(directory);
        var listed = ManifestFiles.Listed(full, "resources").Concat(ManifestFiles.Listed(full, "patches")).Concat(ManifestFiles.Listed(full, "configurations")).ToList();

        Assert.NotEmpty(listed);
        Assert.All(listed, path => Assert.True(
            File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")),
            $"{directory}/kustomization.yaml lists {Path.GetRelativePath(full, path)}, which does not exist"));
    }

    [Fact]
    public void Root_InstallsTheBase()
    {
        Assert.Equal([ManifestFiles.Base], ManifestFiles.Listed(Repository.Path("manifests"), "resources"));
    }

    [Fact]
    public void Base_EveryYamlFileIsListedAndParsesAsKubernetesObjects()
    {
        var listed = ManifestFiles.Listed(ManifestFiles.Base, "resources").ToHashSet();
        var configurations = ManifestFiles.Listed(ManifestFiles.Base, "configurations").ToHashSet();
        var files = Directory.EnumerateFiles(ManifestFiles.Base, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml" && !configurations.Contains(f));

        Assert.All(files, file =>
        {
            Assert.Contains(file, listed);
            Assert.NotEmpty(KubernetesYaml.LoadAllFromString(File.ReadAllText(file)));
        });
    }

    [Fact]
    public void Base_NamespacedObjectsAllLiveInBifrostSystem()
    {
        var namespaced = ManifestFiles.Objects(ManifestFiles.Base).OfType<IKubernetesObject<V1ObjectMeta>>()
            .Where(o => o is not V1Namespace and not V1ClusterRole and not V1ClusterRoleBinding and not V1MutatingWebhookConfiguration and not V1CustomResourceDefinition);

        Assert.All(namespaced, o => Assert.Equal("bifrost-system", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Base_Namespace_IsIgnoredByBifrostAndAllowsThePrivilegedNodeAgent()
    {
        var ns = ManifestFiles.Single<V1Namespace>(ManifestFiles.Base);

        Assert.Equal("bifrost-system", ns.Metadata.Name);
        Assert.Equal("disabled", ns.Metadata.Labels["bifrost.io/protect"]);
        Assert.Equal("privileged", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/warn"]);
    }

    [Fact]
    public void Base_ConfigMapGenerator_NamesTheTracerImageAndEndpoint()
    {
        var text = File.ReadAllText(Path.Combine(ManifestFiles.Base, "kustomization.yaml"));

        Assert.Contains("- Bifrost__Admission__Tracer__Image=ghcr.io/bifrost-io/bifrost-tracer\n", text, StringComparison.Ordinal);
        Assert.Contains("- Bifrost__Admission__Tracer__Endpoint=https://bifrost-intake.bifrost-system.svc:443", text, StringComparison.Ordinal);
        var deployment = ManifestFiles.Single<V1Deployment>(ManifestFiles.Base);
        Assert.Contains(deployment.Spec.Template.Spec.Containers[0].EnvFrom, e => e.ConfigMapRef?.Name == "bifrost-webhook-config");
    }
}
