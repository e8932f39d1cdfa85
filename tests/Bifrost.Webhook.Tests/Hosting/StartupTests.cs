using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Hosting;

/// <summary>A bad setting or a missing certificate stops the webhook at start with a message naming the setting.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Start_MissingCertificateFile_FailsNamingTheSettingAndThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "bifrost-none-" + Guid.NewGuid().ToString("N"), "tls.crt");
        await using var app = WebhookApp.Build(WebhookServer.Arguments(missing, missing + ".key"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        var message = string.Join("\n", Bifrost.Kubernetes.StartupErrors.Describe(error));
        Assert.Contains("Bifrost:Tls:CertFile", message, StringComparison.Ordinal);
        Assert.Contains(missing, message, StringComparison.Ordinal);
        Assert.Contains("Bifrost:Tls:KeyFile", message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadSettings() => new()
    {
        { "--Bifrost:Webhook:MaxRequestBytes=10", "Bifrost:Webhook:MaxRequestBytes" },
        { "--Bifrost:Webhook:MaxRequestBytes=lots", "Bifrost:Webhook:MaxRequestBytes" },
        { "--Bifrost:Tls:CheckInterval=00:00:00", "Bifrost:Tls:CheckInterval" },
        { "--Bifrost:Admission:SystemNamespace= ", "Bifrost:Admission:SystemNamespace" },
        { "--Bifrost:Admission:Tracer:Endpoint=http://plain.example", "Bifrost:Admission:Tracer:Endpoint" },
        { "--Bifrost:Admission:Tracer:TokenExpirationSeconds=60", "Bifrost:Admission:Tracer:TokenExpirationSeconds" },
        { "--Bifrost:Kubernetes:MaxBackoff=00:00:00.1", "Bifrost:Kubernetes:MaxBackoff" },
        { "--Bifrost:Kubernetes:VersionRefreshInterval=00:00:00", "Bifrost:Kubernetes:VersionRefreshInterval" },
        { "--Bifrost:Admission:KubernetesVersion=one.thirty", "Bifrost:Admission:KubernetesVersion" },
        { "--Bifrost:Admission:FallbackKubernetesVersion=old", "Bifrost:Admission:FallbackKubernetesVersion" },
        { "--Bifrost:Admission:PodSecurityDefaultLevel=strict", "Bifrost:Admission:PodSecurityDefaultLevel" },
        { "--Bifrost:Profiles:Directory= ", "Bifrost:Profiles:Directory" },
        { "--Bifrost:Admission:Tracer:CaFile=/nonexistent/bifrost/ca.crt", "Bifrost:Admission:Tracer:CaFile: /nonexistent/bifrost/ca.crt does not exist" },
        { "--Bifrost:Admission:Tracer:CpuRequest=twenty", "Bifrost:Admission:Tracer:CpuRequest must be a Kubernetes quantity" },
        { "--Bifrost:Admission:Tracer:MemoryLimit=128MB", "Bifrost:Admission:Tracer:MemoryLimit must be a Kubernetes quantity" },
        { "--Bifrost:Admission:Tracer:MemoryRequest=1Gi", "Bifrost:Admission:Tracer:MemoryRequest (1Gi) must not be more than Bifrost:Admission:Tracer:MemoryLimit (128Mi)" },
        { "--Bifrost:Admission:Tracer:Image=bifrost tracer", "Bifrost:Admission:Tracer:Image" },
        { "--Bifrost:Admission:Tracer:ImagePullPolicy=Sometimes", "Bifrost:Admission:Tracer:ImagePullPolicy" },
        { "--Bifrost:Admission:Tracer:Privileged=maybe", "Bifrost:Admission:Tracer:Privileged" },
        { "--Bifrost:Tls:CheckInterval=soon", "Bifrost:Tls:CheckInterval" },
        { "--Bifrost:Intake:FlushInterval=-00:00:01", "Bifrost:Intake:FlushInterval" },
        { "--Bifrost:Intake:AgentServiceAccount=bifrost-agent", "Bifrost:Intake:AgentServiceAccount" },
        { "--Bifrost:Learning:EvaluateInterval=00:00:00", "Bifrost:Learning:EvaluateInterval" },
        { "--Bifrost:Learning:QuietPeriod=-00:01:00", "Bifrost:Learning:QuietPeriod" },
        { "--Bifrost:Learning:ParserPath= ", "Bifrost:Learning:ParserPath" },
        { "--Bifrost:Learning:AgentStatusFile=/tmp", "Bifrost:Learning:AgentStatusFile: /tmp is a directory" },
        { "--Bifrost:Kubernetes:Kubeconfig=/nonexistent/bifrost/kubeconfig", "Bifrost:Kubernetes:Kubeconfig: /nonexistent/bifrost/kubeconfig does not exist" },
        { "--Bifrost:Pods:Directory=/nonexistent/bifrost/pods", "Bifrost:Pods:Directory" },
    };

    [RequiresFact("openssl")]
    public async Task Start_TracerCaFileThatIsNotPem_FailsNamingTheSetting()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var notPem = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(notPem, "not a certificate");
            await using var app = WebhookApp.Build(WebhookServer.Arguments(certificates.CertFile, certificates.KeyFile, [$"--Bifrost:Admission:Tracer:CaFile={notPem}"]));

            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

            Assert.Contains($"Bifrost:Admission:Tracer:CaFile: {notPem} holds no PEM certificate", string.Join("\n", Bifrost.Kubernetes.StartupErrors.Describe(error)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    [RequiresTheory("openssl")]
    [InlineData("--Bifrost:Admission:Tracer:CaFile=/nonexistent/bifrost/ca.crt", "Bifrost:Admission:Tracer:CaFile: /nonexistent/bifrost/ca.crt does not exist")]
    [InlineData("--Bifrost:Intake:FlushInterval=-00:00:01", "Bifrost:Intake:FlushInterval must be between 100 ms and 5 min, got -00:00:01.")]
    [InlineData("--Bifrost:Admission:Tracer:Privileged=maybe", "Bifrost:Admission:Tracer:Privileged: not a boolean (true or false)")]
    public async Task Process_BrokenSetting_ExitsWithOneNamingTheSetting(string setting, string message)
    {
        using var certificates = await TestCertificates.GenerateAsync();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var webhook = Path.Combine(AppContext.BaseDirectory, "Bifrost.Webhook.dll");

        var result = await Processes.RunAsync(dotnet, [webhook, .. WebhookServer.Arguments(certificates.CertFile, certificates.KeyFile, [setting])]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bifrost-webhook: cannot start: " + message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
    }

    [RequiresTheory("openssl")]
    [MemberData(nameof(BadSettings))]
    public async Task Start_BadSetting_FailsNamingTheSetting(string setting, string name)
    {
        using var certificates = await TestCertificates.GenerateAsync();

        // Some settings are needed while the app is built, the rest when it starts: either way it never serves.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = WebhookApp.Build(WebhookServer.Arguments(certificates.CertFile, certificates.KeyFile, [setting]));
            await app.StartAsync();
        });

        Assert.Contains(name, string.Join("\n", Bifrost.Kubernetes.StartupErrors.Describe(error)), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Start_CertificateAndKeyThatDoNotMatch_FailsNamingBothSettings()
    {
        using var first = await TestCertificates.GenerateAsync();
        using var second = await TestCertificates.GenerateAsync();
        await using var app = WebhookApp.Build(WebhookServer.Arguments(first.CertFile, second.KeyFile));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        var message = string.Join("\n", Bifrost.Kubernetes.StartupErrors.Describe(error));
        Assert.Contains("Bifrost:Tls:CertFile", message, StringComparison.Ordinal);
        Assert.Contains("Bifrost:Tls:KeyFile", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_MissingCertificate_ExitsNonZeroWithOneClearLine()
    {
        var missing = Path.Combine(Path.GetTempPath(), "bifrost-none-" + Guid.NewGuid().ToString("N"), "tls.crt");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var webhook = Path.Combine(AppContext.BaseDirectory, "Bifrost.Webhook.dll");

        var result = await Processes.RunAsync(dotnet, [webhook, .. WebhookServer.Arguments(missing, missing)]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"bifrost-webhook: cannot start: Bifrost:Tls:CertFile: file '{missing}' does not exist", result.Stderr, StringComparison.Ordinal);
    }
}
