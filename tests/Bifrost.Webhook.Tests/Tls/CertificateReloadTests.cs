using System.Diagnostics;
using Bifrost.Webhook.Tests.Infrastructure;

namespace Bifrost.Webhook.Tests.Tls;

/// <summary>Rotation without restart, the way Kubernetes secret volumes and cert-manager change the files.</summary>
public sealed class CertificateReloadTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [RequiresFact("openssl")]
    public async Task Reload_SecretVolumeSymlinkSwap_ServesTheNewCertificate()
    {
        using var first = await TestCertificates.GenerateAsync();
        using var second = await TestCertificates.GenerateAsync("bifrost-rotated");
        using var volume = SecretVolume.Create(first);
        await using var server = await WebhookServer.StartAsync(first, certFile: volume.CertFile, keyFile: volume.KeyFile, trusted: [first.Ca, second.Ca]);
        Assert.Equal(first.Leaf.SerialNumber, (await server.ServedCertificateAsync()).SerialNumber);

        await volume.SwapAsync(second);

        var served = await EventuallyAsync(server.ServedCertificateAsync, c => c.SerialNumber == second.Leaf.SerialNumber);
        Assert.Contains("bifrost-rotated", served.Subject, StringComparison.Ordinal);
        var metrics = await server.MetricsAsync();
        Assert.Equal(1, MetricsText.Value(metrics, "bifrost_tls_certificate_reloads_total{result=\"success\"}"));
        Assert.Equal(new DateTimeOffset(second.Leaf.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(),
            MetricsText.Value(metrics, "bifrost_tls_certificate_expiry_timestamp_seconds"));
        using var health = await server.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode);
    }

    [RequiresFact("openssl")]
    public async Task Reload_HalfWrittenCertificate_KeepsServingTheOldOneUntilThePairIsComplete()
    {
        using var first = await TestCertificates.GenerateAsync();
        using var second = await TestCertificates.GenerateAsync("bifrost-rotated");
        var directory = Directory.CreateTempSubdirectory("bifrost-inplace-").FullName;
        try
        {
            var certFile = Path.Combine(directory, "tls.crt");
            var keyFile = Path.Combine(directory, "tls.key");
            File.Copy(first.CertFile, certFile);
            File.Copy(first.KeyFile, keyFile);
            // A short check interval, so retries happen even if a file-system event is missed.
            await using var server = await WebhookServer.StartAsync(first, ["--Bifrost:Tls:CheckInterval=00:00:01"], certFile: certFile, keyFile: keyFile,
                trusted: [first.Ca, second.Ca]);

            var newPem = await File.ReadAllTextAsync(second.CertFile);
            await File.WriteAllTextAsync(certFile, newPem[..(newPem.Length / 2)]);

            await EventuallyAsync(server.MetricsAsync, m => MetricsText.Value(m, "bifrost_tls_certificate_reloads_total{result=\"failure\"}") >= 1);
            Assert.Equal(first.Leaf.SerialNumber, (await server.ServedCertificateAsync()).SerialNumber);
            using (var response = await Reviews.PostAsync(server.Client, Reviews.Json(Reviews.Pod("uid-during-rotation", "plain"))))
                Assert.Equal("uid-during-rotation", (string?)(await Reviews.ResponseOf(response))["uid"]);

            File.Copy(second.KeyFile, keyFile, overwrite: true);
            File.Copy(second.CertFile, certFile, overwrite: true);

            await EventuallyAsync(server.ServedCertificateAsync, c => c.SerialNumber == second.Leaf.SerialNumber);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            Assert.True(clock.Elapsed < Generous, $"condition not reached within {Generous}; last value: {value}");
            await Task.Delay(100);
        }
    }
}
