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

        var message = string.Join("\n", Webhook.Hosting.StartupErrors.Describe(error));
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
    };

    [RequiresTheory("openssl")]
    [MemberData(nameof(BadSettings))]
    public async Task Start_BadSetting_FailsNamingTheSetting(string setting, string name)
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var app = WebhookApp.Build(WebhookServer.Arguments(certificates.CertFile, certificates.KeyFile, [setting]));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains(name, string.Join("\n", Webhook.Hosting.StartupErrors.Describe(error)), StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Start_CertificateAndKeyThatDoNotMatch_FailsNamingBothSettings()
    {
        using var first = await TestCertificates.GenerateAsync();
        using var second = await TestCertificates.GenerateAsync();
        await using var app = WebhookApp.Build(WebhookServer.Arguments(first.CertFile, second.KeyFile));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        var message = string.Join("\n", Webhook.Hosting.StartupErrors.Describe(error));
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
