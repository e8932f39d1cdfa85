using Bifrost.Agent.Cluster;
using Bifrost.Agent.Tests.Support;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Cluster;

public sealed class AgentWorkerTests
{
    private const string Learn = "bifrost_shop_deploy_web_app_learn";
    private const string Enforce = "bifrost_shop_deploy_web_app_0123456789";

    [RequiresFact("apparmor_parser")]
    public async Task Start_AfterReboot_RestoresProfilesBeforeTheFirstApiCallThenReportsReady()
    {
        using var h = new LoaderHarness();
        await h.Reconcile(TestProfiles.Learning(Learn));
        h.Kernel.Reboot();
        h.Restart();
        var cluster = new FakeClusterClient(h.Kernel.ListLoaded);
        using var desired = new DesiredProfiles();
        var status = new AgentStatus { AuditSource = "kmsg" };
        using var worker = new AgentWorker(h.Loader, desired, new Bifrost.Agent.Packages.PackageSubjects(), cluster, new UninstallSignal(h.Options), status, h.Options, new Bifrost.Kubernetes.KubernetesOptions(), TimeProvider.System, NullLogger<AgentWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        cluster.Push(new ProfileEvent(ProfileEventType.Reset, [Workloads.Profile("shop", "web", TestProfiles.Learning(Learn), TestProfiles.Enforcing(Enforce))]));
        var report = await cluster.NextStatusAsync();
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal("complain", cluster.KernelAtFirstCall?[Learn]);
        Assert.Equal("node-1", cluster.Node);
        Assert.True(report.Ready);
        Assert.True(report.AppArmorEnabled);
        Assert.Equal("kmsg", report.AuditSource);
        Assert.Equal([BootstrapProfile.Rendered.Name, Enforce, Learn], report.Profiles.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(report.Profiles, p => Assert.Equal(NodeProfileState.Loaded, p.State));
        Assert.True(status.Synced);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Watch_DeletedWorkload_RemovesItsUnusedProfilesAndReportsTheRest()
    {
        using var h = new LoaderHarness();
        var cluster = new FakeClusterClient(h.Kernel.ListLoaded);
        using var desired = new DesiredProfiles();
        using var worker = new AgentWorker(h.Loader, desired, new Bifrost.Agent.Packages.PackageSubjects(), cluster, new UninstallSignal(h.Options), new AgentStatus(), h.Options, new Bifrost.Kubernetes.KubernetesOptions(), TimeProvider.System, NullLogger<AgentWorker>.Instance);
        var web = Workloads.Profile("shop", "web", TestProfiles.Learning(Learn));
        var db = Workloads.Profile("shop", "db", TestProfiles.Enforcing("bifrost_shop_sts_db_app_0123456789"));

        await worker.StartAsync(CancellationToken.None);
        cluster.Push(new ProfileEvent(ProfileEventType.Reset, [web, db]));
        Assert.Equal(3, (await cluster.NextStatusAsync()).Profiles.Count); // web's, db's and the bootstrap profile
        cluster.Push(new ProfileEvent(ProfileEventType.Delete, [web]));
        var report = await cluster.NextStatusAsync();
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal([BootstrapProfile.Rendered.Name, "bifrost_shop_sts_db_app_0123456789"], report.Profiles.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(h.Kernel.ListLoaded().ContainsKey(Learn));
    }

    [RequiresFact("apparmor_parser")]
    public async Task Reconcile_ProfileThatFails_MakesTheNodeNotReadyWithTheReason()
    {
        using var h = new LoaderHarness();
        var cluster = new FakeClusterClient(h.Kernel.ListLoaded);
        using var desired = new DesiredProfiles();
        using var worker = new AgentWorker(h.Loader, desired, new Bifrost.Agent.Packages.PackageSubjects(), cluster, new UninstallSignal(h.Options), new AgentStatus { Restored = true }, h.Options, new Bifrost.Kubernetes.KubernetesOptions(), TimeProvider.System, NullLogger<AgentWorker>.Instance);
        var broken = TestProfiles.WithText(TestProfiles.Enforcing(Enforce), TestProfiles.Enforcing(Enforce).Text.Replace("chown", "no_such_capability", StringComparison.Ordinal));
        desired.Apply(new ProfileEvent(ProfileEventType.Reset, [Workloads.Profile("shop", "web", broken)]));

        await worker.ReconcileOnceAsync(CancellationToken.None);
        var report = await cluster.NextStatusAsync();

        Assert.False(report.Ready);
        var status = Assert.Single(report.Profiles, p => p.Name != BootstrapProfile.Rendered.Name);
        Assert.Equal(NodeProfileState.Error, status.State);
        Assert.Contains("no_such_capability", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DesiredProfiles_UnionOfEveryWorkloadWithModes()
    {
        using var desired = new DesiredProfiles();
        desired.Apply(new ProfileEvent(ProfileEventType.Reset, [Workloads.Profile("a", "web", TestProfiles.Learning(Learn))]));
        desired.Apply(new ProfileEvent(ProfileEventType.Upsert, [Workloads.Profile("b", "web", TestProfiles.Enforcing(Enforce))]));

        Assert.True(desired.Synced);
        Assert.Equal([BootstrapProfile.Rendered.Name, Learn, Enforce], desired.Snapshot().Select(p => p.Name));
        Assert.Equal(ProfileMode.Complain, desired.ModeOf(Learn));
        Assert.Equal(ProfileMode.Enforce, desired.ModeOf(Enforce));
        Assert.Null(desired.ModeOf("bifrost_unknown"));

        // The bootstrap profile stays whatever the workloads say: first pods of any workload start under it.
        desired.Apply(new ProfileEvent(ProfileEventType.Reset, []));
        Assert.Equal(BootstrapProfile.Rendered, Assert.Single(desired.Snapshot()));
        Assert.Equal(ProfileMode.Complain, desired.ModeOf("bifrost_bootstrap"));
        Assert.Null(desired.ModeOf(Learn));
    }
}
