using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;
using k8s;
using k8s.Models;

namespace Bifrost.Core.Tests.Learning;

/// <summary>
/// An upgrade over a BifrostProfile stored by the version before standard conditions (no observedGeneration, no
/// revision, no spec.enforcement, a TracerUnavailable condition without message or lastTransitionTime): the current
/// code reads it, and the first controller round writes a status the current CRD accepts, without changing the phase.
/// </summary>
public sealed class UpgradeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProfileLifecycle Lifecycle = new(new LearningPolicy(), IncludeResolver.BuiltInOnly);

    private sealed class AllLoaded : INodeGate
    {
        public string? Missing(RenderedProfile profile) => null;

        public string? Failed(RenderedProfile profile) => null;
    }

    private static BifrostProfile Stored() =>
        JsonSerializer.Deserialize<BifrostProfile>(File.ReadAllText(Repository.Path("tests", "Bifrost.Core.Tests", "Learning", "Upgrade", "enforcing-before-conditions.json")), ProfileJson.Options)!;

    [Fact]
    public void Read_ProfileStoredBeforeConditions_KeepsEverythingItHeld()
    {
        var profile = Stored();

        Assert.Equal(ProfilePhase.Enforcing, profile.Status.Phase);
        Assert.Null(profile.Status.ObservedGeneration);
        Assert.Null(profile.Status.Revision);
        Assert.Null(profile.Spec.Enforcement);
        var container = Assert.Single(profile.Status.Containers);
        Assert.Equal(2, container.Observed.Count);
        Assert.Contains(container.Profiles, p => p.Mode == ProfileMode.Enforce && p.Name == "bifrost_shop_deploy_web_app_4f2a9c81d0");
        var tracer = Assert.Single(profile.Status.Conditions);
        Assert.Null(tracer.LastTransitionTime);
    }

    [Theory]
    [InlineData(EnforcementMode.Auto)]
    [InlineData(EnforcementMode.Manual)]
    public void Evaluate_FirstRoundAfterUpgrade_StaysEnforcingAndFillsTheNewFields(EnforcementMode enforcement)
    {
        var profile = Stored();

        var status = Lifecycle.Evaluate(profile, new AllLoaded(), Now, new EnforcementChoice(enforcement, "cluster default")).Status;

        // A workload enforced before the upgrade is not sent back to wait for approval.
        Assert.Equal(ProfilePhase.Enforcing, status.Phase);
        Assert.Equal(profile.Status.PhaseSince, status.PhaseSince);
        Assert.Equal(1, status.ObservedGeneration);
        Assert.Equal(EnforcementApproval.Revision(profile.Status.Containers), status.Revision);
        Assert.NotNull(status.Revision);
        Assert.Equal(
            [ProfileCondition.Degraded, ProfileCondition.Enforcing, ProfileCondition.Learning, ProfileCondition.Stable, ProfileCondition.TracerUnavailable],
            status.Conditions.Select(c => c.Type).Order(StringComparer.Ordinal));
        Assert.True(status.Conditions.Single(c => c.Type == ProfileCondition.Enforcing).IsTrue);
        Assert.Equal(profile.Status.Containers.Single().Profiles.Single(p => p.Mode == ProfileMode.Enforce), status.Containers.Single().Profiles.Single(p => p.Mode == ProfileMode.Enforce));
    }

    [Fact]
    public void Evaluate_FirstRoundAfterUpgrade_WritesConditionsTheCurrentCrdAccepts()
    {
        var status = Lifecycle.Evaluate(Stored(), new AllLoaded(), Now).Status;

        var schema = ConditionSchema();
        var required = schema["required"]!.AsArray().Select(n => (string)n!).ToList();
        var reason = new Regex((string)schema["properties"]!["reason"]!["pattern"]!, RegexOptions.None, TimeSpan.FromSeconds(1));
        var written = JsonSerializer.SerializeToNode(status, ProfileJson.Options)!["conditions"]!.AsArray();
        Assert.All(written, condition =>
        {
            foreach (var field in required)
                Assert.True(condition![field] is not null, $"{(string?)condition!["type"]} has no {field}");
            Assert.Matches(reason, (string)condition!["reason"]!);
            Assert.Contains((string)condition["status"]!, (string[])["True", "False", "Unknown"]);
        });
    }

    /// <summary>status.conditions[] of the BifrostProfile CRD in manifests/base, as the API server validates it.</summary>
    private static JsonObject ConditionSchema()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Repository.Path("manifests", "base", "crd-bifrostprofiles.yaml")));
        var schema = JsonNode.Parse(KubernetesJson.Serialize(crd.Spec.Versions.Single().Schema.OpenAPIV3Schema))!;
        return schema["properties"]!["status"]!["properties"]!["conditions"]!["items"]!.AsObject();
    }
}
