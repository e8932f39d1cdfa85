using System.Diagnostics;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Loading;
using Bifrost.Agent.Tests.Support;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Cluster;

/// <summary>
/// A tracer-less workload's first pods name their containers' own learning profiles before any BifrostProfile
/// lists them: the agent loads the bootstrap profile under each name from the pod watch, until a BifrostProfile's
/// text takes over or no pod here names it any more.
/// </summary>
public sealed class PodPlaceholderTests
{
    private const string Learn = "bifrost_shop_deploy_web_app_learn";
    private static readonly WorkloadIdentity Web = new("shop", "Deployment", "web");

    private static AgentWorker Worker(LoaderHarness h, DesiredProfiles desired, FakeClusterClient cluster) =>
        new(h.Loader, desired, new Bifrost.Agent.Packages.PackageSubjects(), cluster, new UninstallSignal(h.Options), new AgentStatus { Restored = true }, h.Options, new Bifrost.Kubernetes.KubernetesOptions(), TimeProvider.System, NullLogger<AgentWorker>.Instance);

    private static string TextOnDisk(LoaderHarness h) => ProfileFile.Parse(Learn, File.ReadAllText(h.FileOf(Learn)))?.Text ?? "";

    [RequiresFact("apparmor_parser")]
    public async Task Watch_PodNamingALearningProfile_GetsAPlaceholderLoadedInComplainMode()
    {
        using var h = new LoaderHarness();
        var cluster = new FakeClusterClient(h.Kernel.ListLoaded);
        using var desired = new DesiredProfiles();
        using var worker = Worker(h, desired, cluster);

        await worker.StartAsync(CancellationToken.None);
        cluster.Push(new ProfileEvent(ProfileEventType.Reset, []));
        cluster.Push(new PodEvent(ProfileEventType.Reset, [Pods.Learning("shop", "web", "web-7d4b9c-x2x9z", "app")]));
        var report = await cluster.NextStatusAsync();
        while (!report.Profiles.Any(p => p.Name == Learn))
            report = await cluster.NextStatusAsync();
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal("node-1", cluster.PodsOfNode);
        Assert.Equal(NodeProfileState.Loaded, Assert.Single(report.Profiles, p => p.Name == Learn).State);
        Assert.Equal("complain", h.Kernel.ListLoaded()[Learn]);
        var text = TextOnDisk(h);
        Assert.Contains($"profile {Learn} ", text, StringComparison.Ordinal);
        Assert.Equal(BootstrapProfile.RenderedAs(Learn).Text, text);
    }

    [Fact]
    public void Placeholder_AnswersModeAndOwnerFromThePod()
    {
        using var desired = new DesiredProfiles();

        desired.Apply(new PodEvent(ProfileEventType.Reset, [Pods.Learning("shop", "web", "web-1", "app", "proxy")]));

        Assert.Equal(ProfileMode.Complain, desired.ModeOf(Learn));
        Assert.Equal(new ProfileOwner(Web, "app"), desired.OwnerOf(Learn));
        Assert.Equal(new ProfileOwner(Web, "proxy"), desired.OwnerOf("bifrost_shop_deploy_web_proxy_learn"));
        Assert.Equal([Learn, "bifrost_shop_deploy_web_proxy_learn"], desired.Placeholders().Order(StringComparer.Ordinal));
        Assert.Equal(3, desired.Snapshot().Count);
    }

    [Fact]
    public void Placeholder_BootstrapAndEnforceNamesOfAPod_AreNotPlaceholders()
    {
        using var desired = new DesiredProfiles();
        var pod = new NodePod("shop", "web-1",
        [
            new PodProfile(ProfileNames.Bootstrap, Web, "init", IsLearning: false),
            new PodProfile("bifrost_shop_deploy_web_app_0123456789", Web, "app", IsLearning: false),
        ]);

        desired.Apply(new PodEvent(ProfileEventType.Reset, [pod]));

        Assert.Empty(desired.Placeholders());
        Assert.Equal(BootstrapProfile.Rendered, Assert.Single(desired.Snapshot()));
        Assert.Null(desired.ModeOf("bifrost_shop_deploy_web_app_0123456789"));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_BifrostProfileListingTheName_ReplacesThePlaceholderText()
    {
        using var h = new LoaderHarness();
        using var desired = new DesiredProfiles();
        var cluster = new FakeClusterClient(h.Kernel.ListLoaded);
        using var worker = Worker(h, desired, cluster);
        desired.Apply(new ProfileEvent(ProfileEventType.Reset, []));
        desired.Apply(new PodEvent(ProfileEventType.Reset, [Pods.Learning("shop", "web", "web-1", "app")]));
        await worker.ReconcileOnceAsync(CancellationToken.None);
        Assert.Equal(BootstrapProfile.RenderedAs(Learn).Text, TextOnDisk(h));

        var learned = TestProfiles.Learning(Learn, "/etc/nginx/nginx.conf");
        desired.Apply(new ProfileEvent(ProfileEventType.Upsert, [Workloads.Profile("shop", "web", learned)]));
        await worker.ReconcileOnceAsync(CancellationToken.None);

        Assert.Empty(desired.Placeholders());
        Assert.Equal(learned, Assert.Single(desired.Snapshot(), p => p.Name == Learn));
        Assert.Equal(learned.Text, TextOnDisk(h));
        Assert.Equal("complain", h.Kernel.ListLoaded()[Learn]);
        Assert.Equal(new ProfileOwner(Web, "app"), desired.OwnerOf(Learn));

        // The BifrostProfile going back leaves the pod's name to the placeholder again.
        desired.Apply(new ProfileEvent(ProfileEventType.Reset, []));
        Assert.Equal(BootstrapProfile.RenderedAs(Learn), Assert.Single(desired.Snapshot(), p => p.Name == Learn));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_LastPodNamingThePlaceholderGone_RemovesItUnlessATaskIsStillConfined()
    {
        using var h = new LoaderHarness();
        using var desired = new DesiredProfiles();
        var cluster = new FakeClusterClient(h.Kernel.ListLoaded);
        using var worker = Worker(h, desired, cluster);
        var first = Pods.Learning("shop", "web", "web-1", "app");
        var second = Pods.Learning("shop", "web", "web-2", "app");
        desired.Apply(new ProfileEvent(ProfileEventType.Reset, []));
        desired.Apply(new PodEvent(ProfileEventType.Reset, [first, second]));
        await worker.ReconcileOnceAsync(CancellationToken.None);

        desired.Apply(new PodEvent(ProfileEventType.Delete, [first]));
        await worker.ReconcileOnceAsync(CancellationToken.None);
        Assert.True(h.Kernel.ListLoaded().ContainsKey(Learn));

        var task = h.Kernel.StartTask($"{Learn} (complain)");
        desired.Apply(new PodEvent(ProfileEventType.Delete, [second]));
        await worker.ReconcileOnceAsync(CancellationToken.None);
        Assert.Empty(desired.Placeholders());
        Assert.True(h.Kernel.ListLoaded().ContainsKey(Learn));

        h.Kernel.EndTask(task);
        await worker.ReconcileOnceAsync(CancellationToken.None);
        Assert.False(h.Kernel.ListLoaded().ContainsKey(Learn));
        Assert.Null(desired.OwnerOf(Learn));
    }

    [RequiresTheory("apparmor_parser")]
    [InlineData("shop", "Deployment", "web", "app")]
    [InlineData("kube-system", "DaemonSet", "node-exporter", "exporter")]
    [InlineData("a", "StatefulSet", "db-0.primary", "init-schema")]
    [InlineData("payments", "CronJob", "nightly-settlement", "x")]
    [InlineData("long-namespace-name-for-tests", "Job", "a-very-long-job-name-that-goes-on-and-on-and-on-well-past-the-bound-of-what-fits-in-a-name-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "container-with-a-long-name-too")]
    [InlineData("shop", "Pod", "standalone", "app")]
    [InlineData("shop", "Rollout", "canary", "app")]
    public void Placeholder_ForAnyLearningName_CompilesWithTheRealParser(string ns, string kind, string workload, string container)
    {
        var name = ProfileNames.Learning(new WorkloadIdentity(ns, kind, workload), container);
        var placeholder = BootstrapProfile.RenderedAs(name);
        using var dir = new TempDirectory();
        var file = dir.Combine("profile");
        File.WriteAllText(file, placeholder.Text);

        var start = new ProcessStartInfo(Tools.Parser) { ArgumentList = { "-Q", "-K", file }, RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, $"apparmor_parser refused the placeholder for {name}: {errors}");
        Assert.Contains($"profile {name} ", placeholder.Text, StringComparison.Ordinal);
    }
}
