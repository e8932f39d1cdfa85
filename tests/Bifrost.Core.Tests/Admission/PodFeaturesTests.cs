using Bifrost.Core.Admission;

namespace Bifrost.Core.Tests.Admission;

public sealed class PodFeaturesTests
{
    [Theory]
    [InlineData(27, true, true, false, false, true)]
    [InlineData(28, true, true, false, false, true)]
    [InlineData(29, true, true, true, false, true)]
    [InlineData(29, true, false, true, false, true)]
    [InlineData(30, true, true, true, true, true)]
    [InlineData(30, true, false, true, true, false)]
    [InlineData(31, false, true, false, true, true)]
    public void For_ServerVersionAndSettings_UsesOnlyWhatTheServerAccepts(
        int minor, bool nativeSetting, bool legacySetting, bool native, bool field, bool legacy)
    {
        var options = new AdmissionOptions { NativeSidecar = nativeSetting, WriteLegacyAnnotation = legacySetting };

        var features = PodFeatures.For(new KubernetesVersion(1, minor), options);

        Assert.Equal(native, features.NativeSidecar);
        Assert.Equal(field, features.AppArmorField);
        Assert.Equal(legacy, features.LegacyAnnotation);
        Assert.Equal(native, features.ClassicSidecarWarning is null);
    }

    [Fact]
    public void For_OldServer_WarningNamesTheVersion()
    {
        var features = PodFeatures.For(new KubernetesVersion(1, 28), new AdmissionOptions());

        Assert.Contains("Kubernetes 1.28", features.ClassicSidecarWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void For_SettingOff_WarningNamesTheSetting()
    {
        var features = PodFeatures.For(KubernetesVersion.Newest, new AdmissionOptions { NativeSidecar = false });

        Assert.Contains("Bifrost:Admission:NativeSidecar", features.ClassicSidecarWarning, StringComparison.Ordinal);
    }
}
