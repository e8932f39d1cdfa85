using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Tests.AppArmor;

/// <summary>
/// The renderer's cache holds rules, not text, and forgets the content used least recently when full: contents asked
/// for again and again stay, however many others pass through, and a full cache does not start over empty.
/// </summary>
public sealed class ProfileRendererTests
{
    private static IReadOnlyList<Observation> Content(int n) =>
        [new FileObservation { Container = "app", Path = $"/srv/app-{n}/index.html", Access = AccessMask.Read }];

    [Fact]
    public void A_full_cache_forgets_only_the_least_recently_used_content()
    {
        var renderer = new ProfileRenderer(capacity: 4);
        for (var n = 0; n < 4; n++)
            renderer.Rules(Content(n));
        renderer.Rules(Content(0));

        renderer.Rules(Content(4));
        var afterFifth = renderer.Generations;
        renderer.Rules(Content(0));
        renderer.Rules(Content(2));
        renderer.Rules(Content(3));
        renderer.Rules(Content(4));

        Assert.Equal(5, afterFifth);
        Assert.Equal(5, renderer.Generations);
        Assert.Equal(4, renderer.Count);
        renderer.Rules(Content(1));
        Assert.Equal(6, renderer.Generations);
    }

    [Fact]
    public void Ten_thousand_workloads_merged_round_after_round_are_generated_once_each()
    {
        var renderer = new ProfileRenderer();
        for (var round = 0; round < 2; round++)
        {
            for (var workload = 0; workload < 10_000; workload++)
                renderer.RuleTexts(Content(workload));
        }

        Assert.Equal(10_000, renderer.Generations);
    }

    [Fact]
    public void Rules_are_kept_without_text_and_rendered_with_the_name_and_mode_asked()
    {
        var renderer = new ProfileRenderer();
        var observed = Content(1);

        var rules = renderer.Rules(observed);
        var rendered = renderer.Render(observed, "bifrost_web", ProfileMode.Complain);

        Assert.Empty(rules.Text);
        Assert.Equal(ProfileGenerator.Generate(observed, new ProfileGeneratorOptions { Name = "bifrost_web", Mode = ProfileMode.Complain }).Text, rendered.Text);
        Assert.Equal(1, renderer.Generations);
    }

    [Fact]
    public void Rule_texts_are_the_rules_as_written()
    {
        var renderer = new ProfileRenderer();
        var observed = Content(7);

        var texts = renderer.RuleTexts(observed);

        Assert.Equal(renderer.Rules(observed).Rules.Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal), texts);
        Assert.Same(texts, renderer.RuleTexts(observed));
    }
}
