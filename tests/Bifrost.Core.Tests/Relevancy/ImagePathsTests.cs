using Bifrost.Core.Relevancy;
using CsCheck;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class ImagePathsTests
{
    private static readonly Gen<string> Paths =
        from directory in Gen.OneOfConst("/bin", "/sbin", "/lib", "/lib64", "/usr/bin", "/usr/lib", "/usr/lib64", "/usr/share", "/etc", "/opt/app", "/usr/local/lib")
        from parts in Gen.String[Gen.Char["abcz._-0"], 1, 8].Array[1, 3]
        select directory + "/" + string.Join('/', parts);

    [Fact]
    public void Canonical_BothSpellingsOfAMergedDirectory_AreOneKey()
    {
        Paths.Where(p => p.StartsWith("/bin/", StringComparison.Ordinal) || p.StartsWith("/lib/", StringComparison.Ordinal) || p.StartsWith("/sbin/", StringComparison.Ordinal))
            .Sample(path => ImagePaths.Canonical("/usr" + path) == ImagePaths.Canonical(path));
    }

    [Fact]
    public void Canonical_IsIdempotent()
    {
        Paths.Sample(path => ImagePaths.Canonical(ImagePaths.Canonical(path)) == ImagePaths.Canonical(path));
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/libssl.so.3", true)]
    [InlineData("/lib/libz.so.1.2.13", true)]
    [InlineData("/usr/lib/engines-3/afalg.so", true)]
    [InlineData("/usr/lib/python3.11/os.py", true)]
    [InlineData("/usr/lib/python3/dist-packages/__pycache__/six.cpython-311.pyc", true)]
    [InlineData("/usr/share/perl5/Debconf/Log.pm", true)]
    [InlineData("/opt/app/lib/netty.jar", true)]
    [InlineData("/usr/bin/python3.11", true)]
    [InlineData("/bin/busybox", true)]
    [InlineData("/etc/ld.so.cache", false)]
    [InlineData("/etc/ld.so.conf", false)]
    [InlineData("/etc/ssl/openssl.cnf", false)]
    [InlineData("/usr/share/doc/libc6/copyright", false)]
    [InlineData("/usr/share/zoneinfo/Etc/UTC", false)]
    [InlineData("/usr/lib/os-release", false)]
    public void IsCodeName_TellsCodeFromConfigAndData(string path, bool code)
    {
        Assert.Equal(code, ImagePaths.IsCodeName(path));
    }
}
