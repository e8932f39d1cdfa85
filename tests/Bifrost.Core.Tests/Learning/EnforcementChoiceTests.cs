using Bifrost.Core.Learning;

namespace Bifrost.Core.Tests.Learning;

/// <summary>Where a workload's enforcement mode comes from: its annotation, else its namespace's label, else the cluster default.</summary>
public sealed class EnforcementChoiceTests
{
    private static Dictionary<string, string> With(string value) => new() { [EnforcementChoice.Key] = value };

    [Fact]
    public void Resolve_AnnotationAndLabel_TheAnnotationWins()
    {
        var choice = EnforcementChoice.Resolve(With("auto"), "Deployment shop/web", With("manual"), "shop", EnforcementMode.Manual);

        Assert.Equal(new EnforcementChoice(EnforcementMode.Auto, "annotation bifrost.io/enforcement on Deployment shop/web"), choice);
    }

    [Fact]
    public void Resolve_LabelOnly_TheNamespaceDecides()
    {
        var choice = EnforcementChoice.Resolve(new Dictionary<string, string> { ["team"] = "a" }, "Deployment shop/web", With("Manual"), "shop", EnforcementMode.Auto);

        Assert.Equal(new EnforcementChoice(EnforcementMode.Manual, "label bifrost.io/enforcement on namespace shop"), choice);
    }

    [Theory]
    [InlineData(EnforcementMode.Auto)]
    [InlineData(EnforcementMode.Manual)]
    public void Resolve_NeitherSet_TheClusterDefault(EnforcementMode clusterDefault)
    {
        var choice = EnforcementChoice.Resolve(null, "Deployment shop/web", null, "shop", clusterDefault);

        Assert.Equal(clusterDefault, choice.Mode);
        Assert.Equal("the cluster default (Bifrost:Learning:Enforcement)", choice.Source);
    }

    [Theory]
    [InlineData("manaul")]
    [InlineData("1")]
    [InlineData("")]
    public void Resolve_ValueThatIsNeitherAutoNorManual_IsSkippedAndNamed(string value)
    {
        var choice = EnforcementChoice.Resolve(With(value), "Deployment shop/web", With("manual"), "shop", EnforcementMode.Auto);

        Assert.Equal(EnforcementMode.Manual, choice.Mode);
        Assert.Equal($"label bifrost.io/enforcement on namespace shop (ignored: annotation bifrost.io/enforcement on Deployment shop/web is '{value}', not auto or manual)", choice.Source);
    }
}
