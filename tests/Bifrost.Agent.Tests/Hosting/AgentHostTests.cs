using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Kernel;
using Bifrost.Agent.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bifrost.Agent.Tests.Hosting;

public sealed class AgentHostTests
{
    private const string Learn = "bifrost_shop_deploy_web_app_learn";

    private sealed class AgentFactory(TempDirectory root, FakeAppArmorFs kernel, FakeClusterClient cluster, string nodeName = "node-1") : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Bifrost:Agent:NodeName", nodeName);
            builder.UseSetting("Bifrost:Agent:ProfileDirectory", root.Combine("profiles"));
            builder.UseSetting("Bifrost:Agent:StateFile", root.Combine("state.json"));
            builder.UseSetting("Bifrost:Agent:ParserPath", Tools.Parser);
            builder.UseSetting("Bifrost:Agent:AuditSource", "None");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IAppArmorKernel>(kernel);
                services.AddSingleton<IClusterClient>(cluster);
            });
        }
    }

    [RequiresFact("apparmor_parser", "promtool")]
    public async Task Readyz_TurnsReadyOnceTheDesiredProfilesAreLoaded_AndMetricsSaySo()
    {
        using var root = new TempDirectory();
        var kernel = new FakeAppArmorFs(root);
        var cluster = new FakeClusterClient(kernel.ListLoaded);
        await using var factory = new AgentFactory(root, kernel, cluster);
        using var client = factory.CreateClient();

        var before = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        cluster.Push(new ProfileEvent(ProfileEventType.Reset, [Workloads.Profile("shop", "web", TestProfiles.Learning(Learn))]));
        var report = await cluster.NextStatusAsync();
        var after = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.True(report.Ready);
        Assert.Equal("none", report.AuditSource);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("bifrost_agent_ready 1", metrics, StringComparison.Ordinal);
        Assert.Contains("bifrost_agent_profiles{state=\"Loaded\"} 2", metrics, StringComparison.Ordinal); // the workload's and the bootstrap profile
        Assert.Contains("bifrost_agent_audit_lost_events_total{cause=\"netlink_enobufs\"} 0", metrics, StringComparison.Ordinal);
        Assert.All(
            ["bifrost_agent_audit_lines_total", "bifrost_agent_audit_records_total", "bifrost_agent_audit_lost_events_total",
             "bifrost_agent_denied_records_total", "bifrost_agent_reports_total", "bifrost_agent_unattributed_observations_total",
             "bifrost_agent_package_reads_total", "bifrost_agent_package_reports_total"],
            name => Assert.Contains($"# TYPE {name} counter", metrics, StringComparison.Ordinal));
        await PromtoolAccepts(metrics);
    }

    [RequiresFact("apparmor_parser")]
    public async Task Start_InLocalMode_LoadsThePlaceholderAPodFileNamesAndWritesTheNodeStatusFile()
    {
        using var root = new TempDirectory();
        var kernel = new FakeAppArmorFs(root);
        Directory.CreateDirectory(root.Combine("pods"));
        File.WriteAllText(root.Combine("pods", "shop_web-1.json"), Pods.Json("shop", "web", "web-1", "node-1", "app"));
        var statusFile = root.Combine("node.json");
        await using var factory = new LocalAgentFactory(root, kernel);
        using var client = factory.CreateClient();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!File.Exists(statusFile) || !File.ReadAllText(statusFile).Contains(Learn, StringComparison.Ordinal))
            await Task.Delay(50, deadline.Token);

        Assert.Equal("complain", kernel.ListLoaded()[Learn]);
        var node = JsonNode.Parse(File.ReadAllText(statusFile))!;
        Assert.Equal("node-1", (string?)node["metadata"]!["name"]);
        Assert.True((bool?)node["status"]!["ready"]);
    }

    private sealed class LocalAgentFactory(TempDirectory root, FakeAppArmorFs kernel) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Bifrost:Agent:NodeName", "node-1");
            builder.UseSetting("Bifrost:Agent:ProfileDirectory", root.Combine("profiles"));
            builder.UseSetting("Bifrost:Agent:StateFile", root.Combine("state.json"));
            builder.UseSetting("Bifrost:Agent:ParserPath", Tools.Parser);
            builder.UseSetting("Bifrost:Agent:AuditSource", "None");
            builder.UseSetting("Bifrost:Agent:Local:ProfilesDirectory", root.Combine("store"));
            builder.UseSetting("Bifrost:Agent:Local:PodsDirectory", root.Combine("pods"));
            builder.UseSetting("Bifrost:Agent:Local:NodeStatusFile", root.Combine("node.json"));
            builder.ConfigureTestServices(services => services.AddSingleton<IAppArmorKernel>(kernel));
        }
    }

    private static async Task PromtoolAccepts(string metrics)
    {
        var start = new ProcessStartInfo(Tools.Find("promtool")!, "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(metrics);
        process.StandardInput.Close();
        var errors = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"promtool check metrics: {errors}");
    }
}
