using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.K3s.Tests.Support;
using k8s;
using k8s.Models;

namespace Bifrost.K3s.Tests.Manifests;

/// <summary>The CRD's schema and the C# model must describe the same object, or the API server prunes what Bifrost writes.</summary>
public sealed class ProfileCrdTests
{
    private static V1CustomResourceDefinition Crd =>
        ManifestFiles.Objects(ManifestFiles.Base).OfType<V1CustomResourceDefinition>().Single(c => c.Metadata.Name == "bifrostprofiles.bifrost.io");

    [Fact]
    public void Crd_HasStatusSubresourceAndPrinterColumns()
    {
        var version = Crd.Spec.Versions.Single();

        Assert.Equal("v1alpha1", version.Name);
        Assert.NotNull(version.Subresources.Status);
        Assert.Equal(["Workload", "Kind", "Phase", "Degraded", "Reason", "Revision", "Rules", "Last New Rule", "Pkgs In Use", "Pkgs Installed", "Age"], version.AdditionalPrinterColumns.Select(c => c.Name));
        Assert.Equal(".status.conditions[?(@.type==\"Degraded\")].status", version.AdditionalPrinterColumns.Single(c => c.Name == "Degraded").JsonPath);
        Assert.Equal(".status.conditions[?(@.type==\"Enforcing\")].reason", version.AdditionalPrinterColumns.Single(c => c.Name == "Reason").JsonPath);
    }

    [Fact]
    public void Crd_ConditionsAreAMapByTypeInTheShapeOfMetav1Condition()
    {
        var conditions = Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema.Properties["status"].Properties["conditions"];
        var item = Items(conditions);

        Assert.Equal("map", conditions.XKubernetesListType);
        Assert.Equal(["type"], conditions.XKubernetesListMapKeys);
        Assert.Equal(["type", "status", "reason", "message", "lastTransitionTime"], item.Required);
        Assert.Equal(["True", "False", "Unknown"], item.Properties["status"].EnumProperty.Select(v => v.ToString()));
        Assert.Equal(("integer", "int64"), (item.Properties["observedGeneration"].Type, item.Properties["observedGeneration"].Format));
        Assert.Equal(("integer", "int64"), (Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema.Properties["status"].Properties["observedGeneration"].Type,
            Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema.Properties["status"].Properties["observedGeneration"].Format));
    }

    [Fact]
    public void Crd_EveryConditionTypeAndReasonBifrostWritesMatchesTheSchemasPatterns()
    {
        var item = Items(Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema.Properties["status"].Properties["conditions"]);
        var words = typeof(LifecycleConditions).GetFields().Concat(typeof(StabilityVerdict).GetFields()).Concat(typeof(ProfileCondition).GetFields())
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(["AttachFailed", "Attached"])
            .ToList();

        Assert.True(words.Count > 20);
        Assert.All(words, word => Assert.Matches(item.Properties["reason"].Pattern, word));
        Assert.All(FullyPopulated().Status.Conditions, c => Assert.Matches(item.Properties["type"].Pattern, c.Type));
    }

    [Fact]
    public void Crd_SchemaDeclaresEveryFieldTheModelWrites()
    {
        var json = JsonSerializer.SerializeToNode(FullyPopulated(), ObservationJson.Options)!;
        var schema = Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;

        var undeclared = Undeclared(json, schema, "").ToList();

        Assert.Empty(undeclared);
    }

    [Fact]
    public void Crd_PhaseEnumMatchesTheModel()
    {
        var phase = Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema.Properties["status"].Properties["phase"];

        Assert.Equal(Enum.GetNames<ProfilePhase>(), phase.EnumProperty.Select(v => v.ToString()));
    }

    private static V1JSONSchemaProps Items(V1JSONSchemaProps array) =>
        array.Items as V1JSONSchemaProps ?? KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(array.Items));

    private static IEnumerable<string> Undeclared(JsonNode? node, V1JSONSchemaProps schema, string path)
    {
        if (schema.XKubernetesPreserveUnknownFields == true)
            yield break;
        switch (node)
        {
            case JsonObject obj when path.Length == 0 || path != "/metadata":
                foreach (var (key, value) in obj)
                {
                    if (schema.Properties is null || !schema.Properties.TryGetValue(key, out var child))
                    {
                        yield return $"{path}/{key}";
                        continue;
                    }

                    foreach (var missing in Undeclared(value, child, $"{path}/{key}"))
                        yield return missing;
                }

                break;
            case JsonArray array:
                // The client leaves "items" untyped (it may also be a list of schemas); a CRD here has one schema.
                var items = schema.Items as V1JSONSchemaProps ?? KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(schema.Items));
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var missing in Undeclared(array[i], items, $"{path}/{i}"))
                        yield return missing;
                }

                break;
        }
    }

    private static BifrostProfile FullyPopulated()
    {
        var now = DateTimeOffset.UnixEpoch;
        return new BifrostProfile
        {
            Metadata = new ObjectMeta { Name = "deployment-web", Namespace = "shop", ResourceVersion = "1", Generation = 3 },
            Spec = new BifrostProfileSpec
            {
                Workload = new WorkloadReference("Deployment", "web"),
                Mode = ProfileModeSetting.Learn,
                MinLearningPeriod = "2h",
                QuietPeriod = "30m",
                MinPods = 2,
                RestartOnEnforce = true,
                Enforcement = new EnforcementSpec { ApprovedRevision = "0123456789ab" },
                RelearnRequestedAt = "2026-12-07T16:20:00Z",
            },
            Status = new BifrostProfileStatus
            {
                Phase = ProfilePhase.Enforcing,
                LearningSince = now,
                PhaseSince = now,
                Message = "m",
                ImageChangedAt = now,
                ImageChange = "app: a -> b",
                RelearnHandled = "2026-12-07T16:20:00Z",
                DeniedAt = now,
                Denials = 1,
                LastDenial = "d",
                Rules = 1,
                LastNewRuleAt = now,
                Revision = "0123456789ab",
                PackagesInUse = 1,
                PackagesInstalled = 2,
                ObservedGeneration = 3,
                Conditions =
                [
                    new ProfileCondition { Type = ProfileCondition.Enforcing, Status = "True", Reason = LifecycleConditions.ProfilesLoaded, Message = "m", ObservedGeneration = 3, LastTransitionTime = now },
                    new ProfileCondition { Type = ProfileCondition.TracerUnavailable, Status = "False", Reason = "Attached", Message = "m", LastTransitionTime = now },
                ],
                AppliedReports = [new AppliedReport("uid-1", 7)],
                Containers =
                [
                    new ContainerProfileStatus
                    {
                        Name = "app",
                        Rules = 1,
                        LastNewRuleAt = now,
                        Pods = 1,
                        RecentPods = ["uid-1"],
                        Images = ["web:1.0"],
                        Reports = 1,
                        DroppedEvents = 1,
                        StartMissed = true,
                        Packages =
                        [
                            new Core.Relevancy.ImagePackages
                            {
                                Image = "web@sha256:11",
                                Database = "dpkg database",
                                Installed = 2,
                                Used = [new Core.Relevancy.UsedPackage("libc6", "2.36-9", "pkg:deb/debian/libc6@2.36-9?arch=amd64")],
                                CodeFiles = 1,
                                Unattributed = 1,
                                ObservedFrom = now,
                                ObservedTo = now,
                                Pods = 1,
                                Partial = true,
                                DroppedEvents = 1,
                                Node = "node-1",
                                UpdatedAt = now,
                            },
                        ],
                        Observed = [new FileObservation { Container = "app", Path = "/etc/hosts", Access = AccessMask.Read }],
                        Profiles = [new RenderedProfile { Name = "p", Mode = ProfileMode.Enforce, Hash = "h", Text = "t" }],
                    },
                ],
            },
        };
    }
}
