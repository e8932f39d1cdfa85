using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Tests.Support;
using CsCheck;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Bifrost.Core.Tests.Admission;

public sealed class PodMutatorPropertyTests
{
    private static readonly AdmissionReviewHandler Handler =
        new(new PodMutator(new AdmissionOptions()), FixedNamespaces.Instance, LearningCatalog.Instance);

    private static readonly Gen<string> AnnotationKey =
        Gen.OneOf(Gen.Const("a"), Gen.Const("x/y"), Gen.Const("~"), Gen.Const("a~1b/c~0"), Gen.Const("example.com/team"), Gen.String[Gen.Char["a-z/~."], 1, 12]);

    private static readonly Gen<JsonNode?> SecurityContext = Gen.Int[0, 3].Select(i => i switch
    {
        0 => (JsonNode?)null,
        1 => new JsonObject(),
        2 => new JsonObject { ["runAsUser"] = 1000, ["readOnlyRootFilesystem"] = true },
        _ => new JsonObject { ["appArmorProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
    });

    private static Gen<JsonArray> Containers(string prefix, int min, int max) =>
        Gen.Select(Gen.Int[min, max], SecurityContext.Array[max], Gen.Bool.Array[max], (count, contexts, sidecar) =>
        {
            var list = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                var container = new JsonObject { ["name"] = $"{prefix}{i}", ["image"] = "busybox", ["x-unknown"] = i };
                if (contexts[i] is { } context)
                    container["securityContext"] = context.DeepClone();
                if (prefix == "init" && sidecar[i])
                    container["restartPolicy"] = "Always";
                list.Add(container);
            }

            return list;
        });

    private static readonly Gen<JsonObject> Pod =
        Gen.Select(Containers("app", 1, 6), Containers("init", 0, 3), AnnotationKey.Array[0, 4], Gen.Int[0, 4], Gen.Bool, Gen.Bool)
            .Select(Gen.Int[0, 2], (t, annotationMode) =>
            {
                var (containers, inits, keys, protect, hostNetwork, volumes) = t;
                var metadata = new JsonObject { ["generateName"] = "web-5d8f-", ["labels"] = new JsonObject { ["pod-template-hash"] = "5d8f" } };
                if (annotationMode > 0)
                {
                    var annotations = new JsonObject();
                    foreach (var key in keys.Distinct())
                        annotations[key] = "v";
                    if (protect == 1)
                        annotations["bifrost.io/protect"] = "true";
                    else if (protect == 2)
                        annotations["bifrost.io/protect"] = "false";
                    metadata["annotations"] = annotations;
                }

                var spec = new JsonObject { ["containers"] = containers, ["hostNetwork"] = hostNetwork };
                if (inits.Count > 0)
                    spec["initContainers"] = inits;
                if (volumes)
                    spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "data", ["emptyDir"] = new JsonObject() });
                return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec };
            });

    private static readonly Gen<string> Namespace = Gen.OneOfConst("shop", "plain", "restricted", "kube-system");

    [Fact]
    public void Mutate_AnyPod_PatchAppliesKeepsEveryFieldAndSecondPassChangesNothing()
    {
        Gen.Select(Pod, Namespace).Sample((pod, ns) =>
        {
            var first = Decide(pod, ns);
            Assert.Equal(200, first.StatusCode);
            var patched = Apply(pod, first.Decision!.Patch);

            Assert.Null(JsonContainment.FirstMissing(pod, patched));
            var typed = KubernetesJson.Deserialize<V1Pod>(patched.ToJsonString());
            Assert.NotNull(typed.Spec);

            var second = Decide(patched.AsObject(), ns);
            Assert.Null(second.Decision!.Patch);
            if (first.Decision.Patch is not null)
                Assert.Equal(SkipReason.AlreadyInjected, second.Decision.Reason);
            else
                Assert.Equal(first.Decision.Reason, second.Decision.Reason);
        }, iter: 300);
    }

    [Fact]
    public void Mutate_AnyInjectedPod_FieldAndLegacyAnnotationAgreeForEveryContainer()
    {
        Gen.Select(Pod, Namespace).Sample((pod, ns) =>
        {
            var decision = Decide(pod, ns).Decision!;
            if (decision.Patch is null)
                return;
            var patched = KubernetesJson.Deserialize<V1Pod>(Apply(pod, decision.Patch).ToJsonString());
            foreach (var container in (patched.Spec.InitContainers ?? []).Concat(patched.Spec.Containers))
            {
                var field = container.SecurityContext?.AppArmorProfile;
                patched.Metadata.Annotations.TryGetValue(BifrostLabels.LegacyAppArmorPrefix + container.Name, out var legacy);
                if (field?.Type == "Localhost")
                    Assert.Equal("localhost/" + field.LocalhostProfile, legacy);
                else if (field?.Type == "Unconfined")
                    Assert.Equal("unconfined", legacy);
            }
        }, iter: 300);
    }

    [Fact]
    public void Mutate_AnyPodOnAnyServer_UsesNoFieldTheServerLacksAndNoTracerItsPodSecurityRejects()
    {
        var options = Gen.Select(Gen.Bool, Gen.Bool, Gen.OneOfConst("privileged", "baseline", "restricted"), (native, legacy, level) =>
            new AdmissionOptions { NativeSidecar = native, WriteLegacyAnnotation = legacy, PodSecurityDefaultLevel = level });
        var server = Gen.Int[25, 33].Select(minor => new KubernetesVersion(1, minor));
        var ns = Gen.OneOfConst("shop", "plain", "restricted", "privileged", "baseline-pinned", "misspelled-level");

        Gen.Select(Pod, ns, options, server).Sample((pod, ns, options, server) =>
        {
            var handler = new AdmissionReviewHandler(new PodMutator(options), FixedNamespaces.Instance, LearningCatalog.Instance, new FixedServerVersion(server));
            var decision = Decide(handler, pod, ns).Decision!;
            if (decision.Patch is null)
                return;
            var patch = decision.Patch.ToJsonString();
            var patched = KubernetesJson.Deserialize<V1Pod>(Apply(pod, decision.Patch).ToJsonString());
            var tracer = (patched.Spec.InitContainers ?? []).Concat(patched.Spec.Containers).SingleOrDefault(c => c.Name == BifrostLabels.TracerContainerName);

            if (server < KubernetesVersion.AppArmorFields)
                Assert.DoesNotContain("appArmorProfile", patch, StringComparison.Ordinal);
            if (server < KubernetesVersion.NativeSidecars || !options.NativeSidecar)
                Assert.DoesNotContain("\"restartPolicy\":\"Always\"", patch, StringComparison.Ordinal);
            if (tracer is not null)
            {
                var labels = FixedNamespaces.Instance.Find(ns)!.Labels;
                var level = labels.TryGetValue(BifrostLabels.PodSecurityEnforce, out var label) ? label : options.PodSecurityDefaultLevel;
                Assert.Equal("privileged", level);
                Assert.Equal(server >= KubernetesVersion.NativeSidecars && options.NativeSidecar, tracer.RestartPolicy == "Always");
            }
            else if (decision.Outcome == AdmissionOutcome.ProfileOnly)
            {
                Assert.Contains($"\"tracerSkipped\":\"{decision.Reason}\"", patched.Metadata.Annotations[BifrostLabels.Status], StringComparison.Ordinal);
            }

            foreach (var container in (patched.Spec.InitContainers ?? []).Concat(patched.Spec.Containers))
            {
                var profiled = container.SecurityContext?.AppArmorProfile is not null ||
                    patched.Metadata.Annotations.ContainsKey(BifrostLabels.LegacyAppArmorPrefix + container.Name);
                Assert.True(profiled, $"container {container.Name} has no AppArmor profile on {server}");
            }
        }, iter: 300);
    }

    private static AdmissionResult Decide(JsonObject pod, string ns) => Decide(Handler, pod, ns);

    private static AdmissionResult Decide(AdmissionReviewHandler handler, JsonObject pod, string ns)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "u",
                ["operation"] = "CREATE",
                ["namespace"] = ns,
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["object"] = pod.DeepClone(),
            },
        };
        return handler.Handle(Encoding.UTF8.GetBytes(review.ToJsonString()));
    }

    private static JsonNode Apply(JsonObject pod, JsonArray? patch)
    {
        var copy = pod.DeepClone();
        if (patch is not null)
            JsonSerializer.Deserialize<JsonPatchDocument>(patch.ToJsonString())!.ApplyTo(copy);
        return copy;
    }
}
