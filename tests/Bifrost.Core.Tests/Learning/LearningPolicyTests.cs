using Bifrost.Core.Learning;

namespace Bifrost.Core.Tests.Learning;

public sealed class LearningPolicyTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("500ms", 0.5)]
    public void GoDuration_ValidText_Parses(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("m")]
    [InlineData("5 minutes")]
    [InlineData("1y")]
    [InlineData("-5m")]
    public void GoDuration_InvalidText_IsRejected(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Fact]
    public void WithOverrides_ValidAnnotations_ReplaceDefaults()
    {
        var annotations = new Dictionary<string, string>
        {
            [LearningPolicy.MinimumLearningPeriodAnnotation] = "2h",
            [LearningPolicy.QuietPeriodAnnotation] = "10m",
            [LearningPolicy.MinimumPodsAnnotation] = "3",
        };
        var problems = new List<string>();

        var policy = new LearningPolicy().WithOverrides(annotations, problems);

        Assert.Empty(problems);
        Assert.Equal(new LearningPolicy { MinimumLearningPeriod = TimeSpan.FromHours(2), QuietPeriod = TimeSpan.FromMinutes(10), MinimumPods = 3 }, policy);
    }

    [Fact]
    public void WithOverrides_MalformedAnnotations_KeepDefaultsAndReportEach()
    {
        var annotations = new Dictionary<string, string>
        {
            [LearningPolicy.QuietPeriodAnnotation] = "soon",
            [LearningPolicy.MinimumPodsAnnotation] = "0",
        };
        var problems = new List<string>();

        var policy = new LearningPolicy().WithOverrides(annotations, problems);

        Assert.Equal(new LearningPolicy(), policy);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("'soon'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NonsenseSettings_NameTheSetting()
    {
        var errors = new LearningPolicy { QuietPeriod = TimeSpan.Zero, MinimumPods = 0 }.Validate().ToList();

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Bifrost:Learning:", e, StringComparison.Ordinal));
    }
}
