using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Tests.Support;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Bifrost.Core.Tests.Admission;

/// <summary>
/// The audit of running pods against every admission golden case: a pod admission would change is unprotected until
/// it carries admission's patch, and a pod admission leaves alone on purpose is never counted.
/// </summary>
public sealed class AdmissionAuditTests
{
    /// <summary>The cases that create a pod: the others carry no pod a node could run.</summary>
    public static TheoryData<string> Cases() =>
        [.. Directory.GetDirectories(AdmissionCaseTests.CasesDirectory).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).Where(name => Request(name) is { } request
            && request["operation"]?.GetValue<string>() == "CREATE" && request["subResource"] is null && request["object"] is JsonObject)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_PodOfEveryCase_IsUnprotectedExactlyWhenAdmissionWouldChangeIt(string name)
    {
        var dir = Path.Combine(AdmissionCaseTests.CasesDirectory, name);
        var request = Request(name)!;
        var pod = request["object"]!.AsObject();
        var @namespace = request["namespace"]!.GetValue<string>();
        var (mutator, catalog, server) = AdmissionCaseTests.Parts(dir);
        var decision = new AdmissionReviewHandler(mutator, FixedNamespaces.Instance, catalog, new FixedServerVersion(server))
            .Handle(Encoding.UTF8.GetBytes(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request.DeepClone() }.ToJsonString()))
            .Decision!;

        var found = AdmissionAudit.Check(mutator, pod, @namespace, FixedNamespaces.Instance, catalog, server);

        if (decision.Patch is { Count: > 0 } patch)
        {
            Assert.NotNull(found);
            Assert.Equal(UnprotectedReason.NotAdmitted, found.Reason);
            Assert.Equal(decision.Workload, found.Workload);
            var patched = pod.DeepClone();
            JsonSerializer.Deserialize<JsonPatchDocument>(patch.ToJsonString())!.ApplyTo(patched);
            Assert.Null(AdmissionAudit.Check(mutator, patched.AsObject(), @namespace, FixedNamespaces.Instance, catalog, server));
        }
        else if (decision.Reason != SkipReason.AlreadyInjected && decision.Outcome != AdmissionOutcome.Denied)
        {
            // A pod admission would refuse for its opt-out may still run (its creator was exempt, which is no longer
            // known): the audit honours the opt-out and judges the rest; the cases below say what it finds.
            Assert.Null(found);
        }
    }

    [Fact]
    public void Check_StatusAnnotationWithoutProfiles_IsAProfileMissing()
    {
        var pod = Pod(status: """{"phase":"Learning"}""");

        var found = Check(pod);

        Assert.Equal(UnprotectedReason.ProfileMissing, found?.Reason);
        Assert.Equal(new Core.Workloads.WorkloadIdentity("shop", "Deployment", "web"), found?.Workload);
    }

    [Fact]
    public void Check_StatusCopiedIntoATemplateWithoutTheProfiles_NamesTheContainer()
    {
        var pod = Pod(status: """{"phase":"Learning","workload":"Deployment/web","tracer":true,"profiles":{"app":"bifrost_shop_deployment_web_app_learn"}}""");

        var found = Check(pod);

        Assert.Equal(UnprotectedReason.ProfileMissing, found?.Reason);
        Assert.Contains("container app, which runs with no AppArmor profile", found?.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Check_StatusAndTheProfileItNames_IsProtected(bool field, bool legacyAnnotation)
    {
        var pod = Pod(status: """{"phase":"Learning","profiles":{"app":"bifrost_shop_deployment_web_app_learn"}}""");
        if (field)
            pod["spec"]!["containers"]![0]!["securityContext"] = new JsonObject { ["appArmorProfile"] = new JsonObject { ["type"] = "Localhost", ["localhostProfile"] = "bifrost_shop_deployment_web_app_learn" } };
        if (legacyAnnotation)
            pod["metadata"]!["annotations"]!["container.apparmor.security.beta.kubernetes.io/app"] = "localhost/bifrost_shop_deployment_web_app_learn";

        Assert.Null(Check(pod));
    }

    [Fact]
    public void Check_ProtectedNamespaceOptedOutPod_IsNotCounted()
    {
        var pod = Pod(status: null);
        pod["metadata"]!["annotations"]!["bifrost.io/protect"] = "false";

        Assert.Null(Check(pod));
    }

    private static JsonNode? Request(string name) =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(AdmissionCaseTests.CasesDirectory, name, "request.json")))!["request"];

    private static UnprotectedPod? Check(JsonObject pod) =>
        AdmissionAudit.Check(new PodMutator(new AdmissionOptions()), pod, "shop", FixedNamespaces.Instance, LearningCatalog.Instance, KubernetesVersion.Newest);

    private static JsonObject Pod(string? status)
    {
        var annotations = new JsonObject();
        if (status is not null)
            annotations["bifrost.io/status"] = status;
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "web-5d8f7c9b4-x2x9q",
                ["namespace"] = "shop",
                ["labels"] = new JsonObject { ["pod-template-hash"] = "5d8f7c9b4" },
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "web-5d8f7c9b4", ["controller"] = true, ["uid"] = "rs-1" }),
            },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }) },
            ["status"] = new JsonObject { ["phase"] = "Running" },
        };
    }
}
