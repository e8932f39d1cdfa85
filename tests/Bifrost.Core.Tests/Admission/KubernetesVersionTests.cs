using Bifrost.Core.Admission;

namespace Bifrost.Core.Tests.Admission;

public sealed class KubernetesVersionTests
{
    [Theory]
    [InlineData("1.29", 1, 29)]
    [InlineData(" 1.30 ", 1, 30)]
    [InlineData("v1.30.2", 1, 30)]
    [InlineData("V1.27.0", 1, 27)]
    [InlineData("v1.30.2-eks-1a2b3c4", 1, 30)]
    [InlineData("v1.29.6-gke.1038001", 1, 29)]
    [InlineData("v1.28.4+k3s1", 1, 28)]
    [InlineData("v1.27.6+f67aeb3", 1, 27)]
    [InlineData("v1.31.0-rc.1", 1, 31)]
    [InlineData("1.31+", 1, 31)]
    [InlineData("2.0", 2, 0)]
    public void TryParse_VersionText_ReadsMajorAndMinor(string text, int major, int minor)
    {
        Assert.True(KubernetesVersion.TryParse(text, out var version));
        Assert.Equal(new KubernetesVersion(major, minor), version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1")]
    [InlineData("1.")]
    [InlineData(".30")]
    [InlineData("1.x")]
    [InlineData("1.30abc")]
    [InlineData("v0.0.0-master+$Format:%H$")]
    [InlineData("1.9999999")]
    [InlineData("-1.30")]
    public void TryParse_NotAVersion_IsRefused(string? text) =>
        Assert.False(KubernetesVersion.TryParse(text, out _));

    [Theory]
    [InlineData("1", "30", "v1.30.2", 1, 30)]
    [InlineData("1", "30+", "v1.30.5-eks-ce1d5eb", 1, 30)]
    [InlineData("1", "29+", "v1.29.8-gke.1031000", 1, 29)]
    [InlineData(" 1 ", " 28 ", "", 1, 28)]
    [InlineData("", "", "v1.31.1", 1, 31)]
    [InlineData("1", "", "v1.27.3+k3s1", 1, 27)]
    [InlineData("0", "0", "v1.28.0-dirty", 1, 28)]
    [InlineData("1", "x", "v1.29.0", 1, 29)]
    public void TryParse_VersionEndpointFields_PrefersMajorAndMinorThenGitVersion(string major, string minor, string gitVersion, int expectedMajor, int expectedMinor)
    {
        Assert.True(KubernetesVersion.TryParse(major, minor, gitVersion, out var version));
        Assert.Equal(new KubernetesVersion(expectedMajor, expectedMinor), version);
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData(null, null, null)]
    [InlineData("", "", "v0.0.0-master+$Format:%H$")]
    [InlineData("0", "0", "unknown")]
    public void TryParse_VersionEndpointWithoutAVersion_IsRefused(string? major, string? minor, string? gitVersion) =>
        Assert.False(KubernetesVersion.TryParse(major, minor, gitVersion, out _));

    [Fact]
    public void Compare_OrdersByMajorThenMinorNumerically()
    {
        Assert.True(new KubernetesVersion(1, 9) < new KubernetesVersion(1, 10));
        Assert.True(new KubernetesVersion(1, 30) >= KubernetesVersion.AppArmorFields);
        Assert.True(new KubernetesVersion(2, 0) > new KubernetesVersion(1, 99));
        Assert.True(new KubernetesVersion(1, 28) < KubernetesVersion.NativeSidecars);
        Assert.Equal("1.29", KubernetesVersion.NativeSidecars.ToString());
    }
}
