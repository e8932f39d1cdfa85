namespace Bifrost.Webhook.Tests.Tls;

/// <summary>
/// A directory laid out like a Kubernetes secret volume: <c>tls.crt -> ..data/tls.crt</c>, <c>..data -> ..v1</c>;
/// an update writes a new version directory and renames a new <c>..data</c> link over the old one in one step.
/// </summary>
internal sealed class SecretVolume : IDisposable
{
    private int version;

    private SecretVolume(string directory) => Directory = directory;

    public string Directory { get; }
    public string CertFile => Path.Combine(Directory, "tls.crt");
    public string KeyFile => Path.Combine(Directory, "tls.key");

    public static SecretVolume Create(TestCertificates certificates)
    {
        var volume = new SecretVolume(System.IO.Directory.CreateTempSubdirectory("bifrost-secret-").FullName);
        var first = volume.WriteVersion(certificates);
        File.CreateSymbolicLink(Path.Combine(volume.Directory, "..data"), first);
        File.CreateSymbolicLink(volume.CertFile, "..data/tls.crt");
        File.CreateSymbolicLink(volume.KeyFile, "..data/tls.key");
        return volume;
    }

    public async Task SwapAsync(TestCertificates certificates)
    {
        var next = WriteVersion(certificates);
        File.CreateSymbolicLink(Path.Combine(Directory, "..data_tmp"), next);
        // rename(2) over the old link, as the kubelet does; `mv -T` is the portable way to ask for exactly that.
        var result = await Processes.RunAsync("mv", ["-T", "..data_tmp", "..data"], workingDirectory: Directory);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    private string WriteVersion(TestCertificates certificates)
    {
        var name = $"..v{++version}";
        var path = System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;
        File.Copy(certificates.CertFile, Path.Combine(path, "tls.crt"));
        File.Copy(certificates.KeyFile, Path.Combine(path, "tls.key"));
        return name;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
