using Bifrost.Cli.Install;

namespace Bifrost.Cli.Tests.Install;

public sealed class InstallApplyTests
{
    [Fact]
    public async Task Install_AppliesEveryRenderedObjectServerSideInOrder()
    {
        await using var server = await StandInApiServer.StartAsync();

        var run = await CliRunner.RunAsync("", "install", "--kubeconfig", server.Kubeconfig, "--enforcement", "manual");

        Assert.True(run.ExitCode == 0, run.Error);
        var rendered = ManifestRenderer.Render(new InstallOptions { Enforcement = EnforcementDefault.Manual });
        var applies = server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(rendered.Count, applies.Count);
        Assert.All(applies, r =>
        {
            Assert.Equal("application/apply-patch+yaml", r.ContentType?.Split(';')[0]);
            Assert.Equal("?fieldManager=bifrost&force=true", r.Query);
        });
        Assert.Equal("/api/v1/namespaces/bifrost-system", applies[0].Path);
        Assert.Equal("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/bifrost", applies[^1].Path);
        Assert.Contains("/apis/apps/v1/namespaces/bifrost-system/daemonsets/bifrost-agent", applies.Select(a => a.Path));
        var config = server.Objects.Values.Single(o => (string?)o["kind"] == "ConfigMap");
        Assert.Equal("manual", (string?)config["data"]!["Bifrost__Learning__Enforcement"]);
        Assert.Equal(rendered.Count, run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("deployment.apps/bifrost-webhook applied", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_NoKubeconfig_SaysSoWithTheClusterExitCodeAndSendsNothing()
    {
        await using var server = await StandInApiServer.StartAsync();

        var run = await CliRunner.RunAsync("", "install", "--kubeconfig", server.Kubeconfig + ".missing");

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("no kubeconfig at", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Install_Unreachable_SaysSoWithExit5()
    {
        string kubeconfig;
        await using (var server = await StandInApiServer.StartAsync())
        {
            kubeconfig = Path.Combine(Path.GetTempPath(), $"bifrost-kubeconfig-{Guid.NewGuid():N}");
            File.Copy(server.Kubeconfig, kubeconfig);
        }

        try
        {
            var run = await CliRunner.RunAsync("", "install", "--kubeconfig", kubeconfig);

            Assert.Equal(5, run.ExitCode);
            Assert.Contains("bifrost install: cannot reach the API server", run.Error, StringComparison.Ordinal);
            Assert.Contains("stopped after 0 of", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
