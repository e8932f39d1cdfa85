using Bifrost.Core.Admission;

namespace Bifrost.Core.Tests.Admission;

/// <summary>Tracer resources are read the way the API server reads them, so a bad one stops the webhook at start.</summary>
public sealed class ResourceQuantityTests
{
    [Theory]
    [InlineData("20m", 0.02)]
    [InlineData("1", 1)]
    [InlineData("1.5", 1.5)]
    [InlineData("64Mi", 67108864)]
    [InlineData("1Gi", 1073741824)]
    [InlineData("128M", 128000000)]
    [InlineData("1e3", 1000)]
    [InlineData(".5", 0.5)]
    public void TryParse_KubernetesQuantity_ReadsItsValue(string text, double expected)
    {
        Assert.True(ResourceQuantity.TryParse(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("twenty")]
    [InlineData("128MB")]
    [InlineData("64 Mi")]
    [InlineData("-1")]
    [InlineData("1e99")]
    public void TryParse_NotAQuantity_Fails(string text) => Assert.False(ResourceQuantity.TryParse(text, out _));

    [Theory]
    [InlineData("200m", "100m", "Bifrost:Admission:Tracer:CpuRequest (200m) must not be more than Bifrost:Admission:Tracer:CpuLimit (100m).")]
    [InlineData("lots", null, "Bifrost:Admission:Tracer:CpuRequest must be a Kubernetes quantity such as 20m, got 'lots'.")]
    public void Validate_TracerCpu_NamesTheSetting(string request, string? limit, string expected) =>
        Assert.Contains(expected, new TracerOptions { CpuRequest = request, CpuLimit = limit }.Validate());

    [Fact]
    public void Validate_TracerDefaults_AreValid() => Assert.Empty(new TracerOptions().Validate());
}
