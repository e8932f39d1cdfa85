using System.Diagnostics;
using System.Text;
using Bifrost.K3s.Tests.Support;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

/// <summary>Renders the kustomizations with the real kustomize (inside kubectl) where it is installed.</summary>
public sealed class KustomizeRenderTests
{
    [RequiresFact("kubectl")]
    public async Task Root_RendersTheWebhookWithItsGeneratedConfigMap()
    {
        var objects = await Kustomize.RenderAsync(Repository.Path("manifests"));

        var config = Assert.Single(objects.OfType<V1ConfigMap>());
        Assert.StartsWith("bifrost-webhook-config-", config.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("bifrost-system", config.Metadata.NamespaceProperty);
        var deployment = Assert.Single(objects.OfType<V1Deployment>());
        Assert.Contains(deployment.Spec.Template.Spec.Containers[0].EnvFrom, e => e.ConfigMapRef.Name == config.Metadata.Name);
        Assert.Equal($"ghcr.io/bifrost-io/bifrost-webhook:{ReleaseVersion.Manifests()}", deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Single(objects.OfType<V1MutatingWebhookConfiguration>());
    }

    [RequiresFact("kubectl")]
    public async Task CertManagerOverlay_AnnotatesTheWebhookForCaInjection()
    {
        var overlay = Path.Combine(Repository.Path("manifests"), "overlays", "cert-manager");
        // The client has no cert-manager models; those objects are only counted here, so any model will carry them.
        var objects = await Kustomize.RenderAsync(overlay, new Dictionary<string, Type>
        {
            ["cert-manager.io/v1/Certificate"] = typeof(V1ConfigMap),
            ["cert-manager.io/v1/Issuer"] = typeof(V1ConfigMap),
        });

        var webhook = Assert.Single(objects.OfType<V1MutatingWebhookConfiguration>());
        Assert.Equal("bifrost-system/bifrost-webhook", webhook.Metadata.Annotations["cert-manager.io/inject-ca-from"]);
        var certificate = await File.ReadAllTextAsync(Path.Combine(overlay, "certificates.yaml"));
        Assert.Contains("secretName: bifrost-webhook-tls", certificate, StringComparison.Ordinal);
        Assert.Contains("- bifrost-webhook.bifrost-system.svc", certificate, StringComparison.Ordinal);
        Assert.Contains("- bifrost-intake.bifrost-system.svc", certificate, StringComparison.Ordinal);
    }

    [RequiresFact("kubectl")]
    public async Task DevOverlay_PutsTheDevelopmentCaIntoEveryCaBundle()
    {
        // A copy of the manifests, so the test neither needs nor touches the repository's certs.
        var work = Directory.CreateTempSubdirectory("bifrost-manifests-");
        try
        {
            var manifests = Path.Combine(work.FullName, "manifests");
            CopyDirectory(Repository.Path("manifests"), manifests);
            var certs = Path.Combine(work.FullName, "certs");
            await RunAsync(Repository.Path("certs", "generate.sh"), [], ("BIFROST_CERTS_DIR", certs));
            var overlay = Path.Combine(manifests, "overlays", "dev");
            await RunAsync(Path.Combine(overlay, "certs.sh"), [certs]);

            var objects = await Kustomize.RenderAsync(overlay);

            var ca = await File.ReadAllBytesAsync(Path.Combine(certs, "ca.crt"));
            var webhook = Assert.Single(objects.OfType<V1MutatingWebhookConfiguration>());
            Assert.All(webhook.Webhooks, w => Assert.Equal(ca, w.ClientConfig.CaBundle));
            var secret = Assert.Single(objects.OfType<V1Secret>());
            Assert.Equal("bifrost-webhook-tls", secret.Metadata.Name);
            Assert.Equal("kubernetes.io/tls", secret.Type);
            Assert.StartsWith("-----BEGIN", Encoding.ASCII.GetString(secret.Data["tls.key"]), StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains("certs"))
                continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task RunAsync(string script, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", [script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} failed: {await error}");
    }
}
