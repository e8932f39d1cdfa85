namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>
/// One running webhook shared by a test class: namespace <c>protected</c> is labelled
/// <c>bifrost.io/protect=enabled</c> through configuration, <c>plain</c> is not.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    private TestCertificates? certificates;
    private WebhookServer? server;

    internal TestCertificates Certificates => certificates ?? throw new InvalidOperationException("openssl is missing");
    internal WebhookServer Server => server ?? throw new InvalidOperationException("openssl is missing");

    public async Task InitializeAsync()
    {
        // Every test that uses this fixture skips without openssl; do not fail the class for it.
        if (Tools.Find("openssl") is null)
            return;
        certificates = await TestCertificates.GenerateAsync();
        server = await WebhookServer.StartAsync(certificates, ["--Bifrost:Namespaces:protected:Labels:bifrost.io/protect=enabled"]);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
            await server.DisposeAsync();
        certificates?.Dispose();
    }
}
