using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Bifrost.Testing;

/// <summary>Certificates made by the project's own <c>certs/generate.sh</c>, each set in its own temporary directory.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }
    public string CertFile => Path.Combine(Directory, "tls.crt");
    public string KeyFile => Path.Combine(Directory, "tls.key");
    public string CaFile => Path.Combine(Directory, "ca.crt");

    public X509Certificate2 Ca => X509CertificateLoader.LoadCertificateFromFile(CaFile);
    public X509Certificate2 Leaf => X509CertificateLoader.LoadCertificateFromFile(CertFile);

    /// <summary>A new CA and serving certificate; a second call gives a different serial (and CA).</summary>
    public static async Task<TestCertificates> GenerateAsync(string? subjectService = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "bifrost-certs-" + Guid.NewGuid().ToString("N"));
        var env = new Dictionary<string, string> { ["BIFROST_CERTS_DIR"] = directory };
        if (subjectService is not null)
            env["BIFROST_SERVICE"] = subjectService;
        var result = await Processes.RunAsync("bash", [Repository.Path("certs", "generate.sh"), "--force"], env);
        Assert.True(result.ExitCode == 0, $"certs/generate.sh failed: {result.Stderr}");
        return new TestCertificates(directory);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
