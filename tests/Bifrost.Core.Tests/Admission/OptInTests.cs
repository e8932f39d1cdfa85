using Bifrost.Core.Admission;

namespace Bifrost.Core.Tests.Admission;

/// <summary>The one opt-in rule admission and the intake share.</summary>
public sealed class OptInTests
{
    [Theory]
    [InlineData(null, null, OptInState.NotOptedIn)]
    [InlineData("enabled", null, OptInState.Protected)]
    [InlineData(null, "true", OptInState.Protected)]
    [InlineData("enabled", "true", OptInState.Protected)]
    [InlineData("enabled", "false", OptInState.OptedOut)]
    [InlineData("disabled", "true", OptInState.OptedOut)]
    [InlineData("disabled", null, OptInState.OptedOut)]
    [InlineData(null, "false", OptInState.OptedOut)]
    [InlineData("Enabled", null, OptInState.NotOptedIn)]
    [InlineData(null, "yes", OptInState.NotOptedIn)]
    public void Of_LabelAndAnnotation_DecideTogether(string? namespaceLabel, string? podAnnotation, OptInState expected) =>
        Assert.Equal(expected, OptIn.Of(namespaceLabel, podAnnotation));
}
