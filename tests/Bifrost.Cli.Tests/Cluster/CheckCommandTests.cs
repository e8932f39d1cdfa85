using System.Net;

namespace Bifrost.Cli.Tests.Cluster;

public sealed class CheckCommandTests
{
    private static readonly int[] HintLines = [1, 3, 5, 7, 9, 11, 13];

    private static StandInApiServer Healthy() => new StandInApiServer()
        .Serve(StandInApiServer.Version, "version.json")
        .Serve(StandInApiServer.Nodes, "bifrostnodelist-all-ready.json")
        .Serve(StandInApiServer.Secret, "secret-self-managed.json")
        .Serve(StandInApiServer.Webhook, "mutatingwebhookconfiguration.json")
        .Serve(StandInApiServer.EndpointSlices, "endpointslicelist.json")
        .Serve(StandInApiServer.AccessReviews, "selfsubjectaccessreview-allowed.json", HttpStatusCode.Created, "POST", priority: 100);

    [Fact]
    public async Task Check_HealthyInstall_PrintsATickPerCheckAndExits0()
    {
        using var api = Healthy();

        var run = await api.RunAsync("check");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal(
            $"""
            ✓ Kubernetes API: v1.31.4+k3s1 (1.29 or newer: the tracer runs as a native sidecar)
            ✓ node agents: 3 nodes ready with AppArmor enabled (audit records: 3 netlink)
            ✓ node kernels: 3 nodes with BTF and cgroup v2 (kernel 6.8.0-49-generic)
            ✓ serving certificate: self-managed by the webhook, valid until 2036-12-04 16:09 UTC
            ✓ webhook configuration: MutatingWebhookConfiguration bifrost: 2 webhooks with a caBundle
            ✓ webhook endpoints: Service bifrost-system/bifrost-webhook: 2 ready endpoints
            ✓ RBAC: you may do all 7 things the cluster commands do

            7 fine, 0 warnings, 0 failed ({api.Url})

            """,
            run.Out);
        Assert.Equal(7, api.Received.Count(e => e.RequestMessage.Path == StandInApiServer.AccessReviews));
        Assert.Contains(api.Received, e => e.RequestMessage.Path == StandInApiServer.EndpointSlices
            && e.RequestMessage.RawQuery!.Contains("labelSelector=kubernetes.io%2Fservice-name%3Dbifrost-webhook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_CertManagerSecret_SaysCertManagerIssuedIt()
    {
        using var api = Healthy().Serve(StandInApiServer.Secret, "secret-cert-manager.json", priority: 1);

        var run = await api.RunAsync("check");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("✓ serving certificate: cert-manager (Certificate bifrost-webhook), valid until 2036-12-04", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BrokenInstall_MarksEachProblemWithAHintAndExits1()
    {
        using var api = Healthy()
            .Serve(StandInApiServer.Version, "version-1.28.json", priority: 1)
            .Serve(StandInApiServer.Nodes, "bifrostnodelist.json", priority: 1)
            .Serve(StandInApiServer.Secret, "status-not-found.json", HttpStatusCode.NotFound, priority: 1)
            .Serve(StandInApiServer.Webhook, "mutatingwebhookconfiguration-no-cabundle.json", priority: 1)
            .Serve(StandInApiServer.EndpointSlices, "endpointslicelist-none-ready.json", priority: 1)
            .ServeReview("patch", "bifrostprofiles", "selfsubjectaccessreview-denied.json");

        var run = await api.RunAsync("check");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.Split('\n');
        Assert.Equal("‼ Kubernetes API: v1.28.15+k3s1 is older than 1.29: no native sidecars, so the tracer runs as a plain container and keeps Jobs alive", lines[0]);
        Assert.Equal("    hint: set Bifrost__Admission__NativeSidecar=false in the webhook's settings, or upgrade to 1.29 or newer", lines[1]);
        Assert.Equal("✗ node agents: 1 of 3 nodes: worker-3: not ready", lines[2]);
        Assert.Equal("‼ node kernels: worker-3 (5.4.0-204-generic): no BTF", lines[4]);
        Assert.Equal("✗ serving certificate: no Secret bifrost-system/bifrost-webhook-tls", lines[6]);
        Assert.Equal("✗ webhook configuration: MutatingWebhookConfiguration bifrost: no caBundle on namespace.pods.bifrost.io, annotation.pods.bifrost.io, so the API server cannot call it and pods are created unprotected", lines[8]);
        Assert.Equal("✗ webhook endpoints: Service bifrost-system/bifrost-webhook: no ready endpoint (1 not ready); Bifrost fails open, so pods are created unprotected", lines[10]);
        Assert.Equal("✗ RBAC: you may not patch bifrostprofiles.bifrost.io (approve, relearn)", lines[12]);
        foreach (var hint in HintLines)
            Assert.StartsWith("    hint: ", lines[hint], StringComparison.Ordinal);
        Assert.Equal($"0 fine, 2 warnings, 5 failed ({api.Url})", lines[15]);
    }

    [Fact]
    public async Task Check_ForbiddenToReadNodes_FailsThatCheckAndGoesOn()
    {
        using var api = Healthy().Serve(StandInApiServer.Nodes, "status-forbidden.json", HttpStatusCode.Forbidden, priority: 1);

        var run = await api.RunAsync("check");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("✗ node agents: cannot list BifrostNodes: bifrostprofiles.bifrost.io is forbidden:", run.Out, StringComparison.Ordinal);
        Assert.Contains("✗ node kernels: cannot list BifrostNodes:", run.Out, StringComparison.Ordinal);
        Assert.Contains("✓ RBAC:", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AgentsThatDoNotReportTheKernel_WarnWithoutFailing()
    {
        using var api = Healthy().Serve(StandInApiServer.Nodes, "bifrostnodelist-without-kernel.json", priority: 1);

        var run = await api.RunAsync("check");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("‼ node kernels: worker-1: not reported (an agent older than the kernel report)\n    hint: the eBPF tracer needs BTF", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnreachableServer_Exits5()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"bifrost-kubeconfig-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(kubeconfig, StandInApiServer.KubeconfigFor("http://127.0.0.1:9"));
        try
        {
            var run = await CliRunner.RunAsync("", "check", "--kubeconfig", kubeconfig);

            Assert.Equal(5, run.ExitCode);
            Assert.StartsWith("bifrost check: cannot get the API server's version: the API server at http://127.0.0.1:9 cannot be reached", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
