using Bifrost.K3s.Tests.Support;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

public sealed class WebhookConfigurationTests
{
    private static readonly string[] SystemNamespaces = ["kube-system", "kube-public", "kube-node-lease", "bifrost-system"];

    private static V1MutatingWebhookConfiguration Configuration => ManifestFiles.Single<V1MutatingWebhookConfiguration>(ManifestFiles.Base);

    [Fact]
    public void Webhooks_FailOpenFastWithoutSideEffects()
    {
        Assert.Equal("bifrost", Configuration.Metadata.Name);
        Assert.Equal(2, Configuration.Webhooks.Count);
        Assert.All(Configuration.Webhooks, webhook =>
        {
            Assert.Equal("Ignore", webhook.FailurePolicy);
            Assert.Equal(3, webhook.TimeoutSeconds);
            Assert.Equal("None", webhook.SideEffects);
            Assert.Equal(["v1"], webhook.AdmissionReviewVersions);
            Assert.Equal("Never", webhook.ReinvocationPolicy);
            Assert.Equal("bifrost-webhook", webhook.ClientConfig.Service.Name);
            Assert.Equal("bifrost-system", webhook.ClientConfig.Service.NamespaceProperty);
            Assert.Equal("/mutate", webhook.ClientConfig.Service.Path);
            Assert.Equal(443, webhook.ClientConfig.Service.Port);
        });
    }

    [Fact]
    public void Webhooks_SeeOnlyPodCreates()
    {
        Assert.All(Configuration.Webhooks, webhook =>
        {
            var rule = Assert.Single(webhook.Rules);
            Assert.Equal([""], rule.ApiGroups);
            Assert.Equal(["v1"], rule.ApiVersions);
            Assert.Equal(["CREATE"], rule.Operations);
            Assert.Equal(["pods"], rule.Resources);
        });
    }

    [Fact]
    public void Webhooks_NeverSeeSystemNamespacesOrDisabledOnes()
    {
        Assert.All(Configuration.Webhooks, webhook =>
        {
            var expressions = webhook.NamespaceSelector.MatchExpressions;
            var byName = Assert.Single(expressions, e => e.Key == "kubernetes.io/metadata.name");
            Assert.Equal("NotIn", byName.OperatorProperty);
            Assert.Equal(SystemNamespaces.Order(), byName.Values.Order());
            var protect = Assert.Single(expressions, e => e.Key == "bifrost.io/protect");
            Assert.False(Selects(protect, "disabled"), $"{webhook.Name} selects namespaces labelled bifrost.io/protect=disabled");
        });
    }

    [Fact]
    public void Webhooks_SplitNamespaceOptInFromAnnotationOptIn()
    {
        var byNamespace = Configuration.Webhooks.Single(w => Selects(Protect(w), "enabled"));
        var byAnnotation = Configuration.Webhooks.Single(w => !Selects(Protect(w), "enabled"));

        // Every value of the label reaches exactly one webhook, or none when it is 'disabled'.
        Assert.True(Selects(Protect(byAnnotation), null));
        Assert.False(Selects(Protect(byNamespace), null));
        // Opted-out pods of a protected namespace still reach Bifrost, which decides whether the opt-out is allowed.
        Assert.Empty(byNamespace.MatchConditions ?? []);
        var optIn = Assert.Single(byAnnotation.MatchConditions);
        Assert.StartsWith("has(object.metadata.annotations) &&", optIn.Expression, StringComparison.Ordinal);
        Assert.Contains("'bifrost.io/protect' in object.metadata.annotations", optIn.Expression, StringComparison.Ordinal);
        Assert.Contains("object.metadata.annotations['bifrost.io/protect'] == 'true'", optIn.Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchConditions_UseOnlyVariablesWebhooksHave()
    {
        // Webhook match conditions get object, oldObject, request and authorizer; namespaceObject is for policies only.
        Assert.All(Configuration.Webhooks.SelectMany(w => w.MatchConditions ?? []), condition =>
            Assert.DoesNotContain("namespaceObject", condition.Expression, StringComparison.Ordinal));
    }

    [Fact]
    public void Base_LeavesCaBundleToAnOverlay()
    {
        Assert.All(Configuration.Webhooks, webhook => Assert.Null(webhook.ClientConfig.CaBundle));
    }

    private static V1LabelSelectorRequirement Protect(V1MutatingWebhook webhook) =>
        webhook.NamespaceSelector.MatchExpressions.Single(e => e.Key == "bifrost.io/protect");

    /// <summary>Whether a requirement selects a namespace whose label has <paramref name="value"/> (null: no such label).</summary>
    private static bool Selects(V1LabelSelectorRequirement requirement, string? value) => requirement.OperatorProperty switch
    {
        "In" => value is not null && requirement.Values.Contains(value),
        "NotIn" => value is null || !requirement.Values.Contains(value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        _ => throw new InvalidOperationException(requirement.OperatorProperty),
    };
}
