using Bifrost.Core.Admission;

namespace Bifrost.Core.Tests.Admission;

public sealed class AdmissionOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValidAndAskTheServer()
    {
        var options = new AdmissionOptions();

        Assert.Empty(options.Validate());
        Assert.Null(options.ConfiguredVersion());
        Assert.Equal(new KubernetesVersion(1, 27), options.FallbackVersion());
        Assert.Equal("privileged", options.PodSecurityDefaultLevel);
    }

    [Theory]
    [InlineData("1.30", null, null)]
    [InlineData("v1.28.3-eks-1", "1.29", "baseline")]
    [InlineData("", "1.30", "restricted")]
    public void Validate_GoodVersionsAndLevels_Pass(string? version, string? fallback, string? level)
    {
        var options = new AdmissionOptions
        {
            KubernetesVersion = version,
            FallbackKubernetesVersion = fallback ?? "1.27",
            PodSecurityDefaultLevel = level ?? "privileged",
        };

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("latest", "1.27", "privileged", "Bifrost:Admission:KubernetesVersion")]
    [InlineData("1.30", "", "privileged", "Bifrost:Admission:FallbackKubernetesVersion")]
    [InlineData("1.30", "1.27", "Baseline", "Bifrost:Admission:PodSecurityDefaultLevel")]
    [InlineData("1.30", "1.27", "", "Bifrost:Admission:PodSecurityDefaultLevel")]
    public void Validate_BadValue_NamesTheSetting(string version, string fallback, string level, string setting)
    {
        var options = new AdmissionOptions { KubernetesVersion = version, FallbackKubernetesVersion = fallback, PodSecurityDefaultLevel = level };

        var error = Assert.Single(options.Validate());
        Assert.StartsWith(setting + " ", error, StringComparison.Ordinal);
    }
}
