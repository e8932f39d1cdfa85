using Bifrost.K3s.Tests.Support;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

/// <summary>Who makes the serving certificate in each kustomization: the webhook itself by default, cert-manager or certs/out in the overlays.</summary>
public sealed class CertificateModeRenderTests
{
    private const string Setting = "Bifrost__Tls__SelfManaged__Enabled";

    [RequiresFact("kubectl")]
    public async Task Root_SelfManagesItsCertificates_WithRightsToItsOwnSecretAndWebhookConfigurationOnly()
    {
        var objects = await Kustomize.RenderAsync(Repository.Path("manifests"));

        Assert.Equal("true", Assert.Single(objects.OfType<V1ConfigMap>()).Data[Setting]);
        var volume = Assert.Single(Assert.Single(objects.OfType<V1Deployment>()).Spec.Template.Spec.Volumes, v => v.Name == "tls");
        Assert.True(volume.Secret.Optional, "the first replica must start before the Secret exists");
        Assert.Equal(["tls.crt", "tls.key", "ca.crt"], volume.Secret.Items.Select(i => i.Key));

        var role = Assert.Single(objects.OfType<V1Role>(), r => r.Metadata.Name == "bifrost-webhook-leader-election");
        var secretRules = role.Rules.Where(r => r.Resources.Contains("secrets")).ToList();
        Assert.All(secretRules.Where(r => r.Verbs.Intersect(["get", "patch", "update", "delete"]).Any()),
            r => Assert.Equal(["bifrost-webhook-tls"], r.ResourceNames));
        var clusterRole = Assert.Single(objects.OfType<V1ClusterRole>(), r => r.Metadata.Name == "bifrost-webhook");
        var webhookRule = Assert.Single(clusterRole.Rules, r => r.Resources.Contains("mutatingwebhookconfigurations"));
        Assert.Equal(["bifrost"], webhookRule.ResourceNames);
        Assert.Equal(["bifrost"], objects.OfType<V1MutatingWebhookConfiguration>().Select(w => w.Metadata.Name));
        Assert.DoesNotContain(clusterRole.Rules, r => r.Resources.Contains("secrets"));
    }

    [RequiresFact("kubectl")]
    public async Task CertManagerOverlay_LeavesTheCertificatesToCertManager()
    {
        var overlay = Path.Combine(Repository.Path("manifests"), "overlays", "cert-manager");
        var objects = await Kustomize.RenderAsync(overlay, new Dictionary<string, Type>
        {
            ["cert-manager.io/v1/Certificate"] = typeof(V1ConfigMap),
            ["cert-manager.io/v1/Issuer"] = typeof(V1ConfigMap),
        });

        var config = Assert.Single(objects.OfType<V1ConfigMap>(), c => c.Metadata.Name.StartsWith("bifrost-webhook-config", StringComparison.Ordinal));
        Assert.Equal("false", config.Data[Setting]);
    }
}
