using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Bifrost.Core.Tests.Admission;

/// <summary>
/// One folder per pod shape under Admission/Cases: request.json is the AdmissionReview, expected.json what Bifrost
/// answers, catalog.json (optional) fixed assignments per container: {"app": {"mode": "Enforce", "profile": "…"}},
/// options.json (optional) the <c>Bifrost:Admission</c> settings, e.g. {"kubernetesVersion": "1.28"}; its
/// kubernetesVersion is the API server's version (newest when absent). Set BIFROST_UPDATE_GOLDEN=1 to rewrite
/// expected.json files after an intended change, then review the diff.
/// </summary>
public sealed class AdmissionCaseTests
{
    internal static readonly string CasesDirectory = Path.Combine(Repository.Path("tests", "Bifrost.Core.Tests"), "Admission", "Cases");
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string GoldenTracerImage = "ghcr.io/bifrost-io/bifrost-tracer:0.1.0";

    private static readonly JsonSerializerOptions CatalogJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static TheoryData<string> Cases() => GoldenFiles.CaseNames(CasesDirectory);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Admission_Case_MatchesGoldenAnswer(string name)
    {
        var dir = Path.Combine(CasesDirectory, name);
        var body = File.ReadAllBytes(Path.Combine(dir, "request.json"));
        var result = Handler(dir).Handle(body);

        GoldenFiles.AssertJson(Path.Combine(dir, "expected.json"), Summarize(result), Indented);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Admission_Case_PatchAppliesKeepsEveryFieldAndIsIdempotent(string name)
    {
        var dir = Path.Combine(CasesDirectory, name);
        var review = JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, "request.json")))!.AsObject();
        var handler = Handler(dir);
        var result = handler.Handle(Encoding.UTF8.GetBytes(review.ToJsonString()));
        Assert.Equal(200, result.StatusCode);
        if (result.Decision?.Patch is not { Count: > 0 } patch)
            return;

        var original = review["request"]!["object"]!;
        var patched = original.DeepClone();
        JsonSerializer.Deserialize<JsonPatchDocument>(patch.ToJsonString())!.ApplyTo(patched);

        Assert.Null(JsonContainment.FirstMissing(original, patched));
        var pod = KubernetesJson.Deserialize<V1Pod>(patched.ToJsonString());
        foreach (var container in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers).Where(c => c.Name != BifrostLabels.TracerContainerName))
        {
            var profile = container.SecurityContext?.AppArmorProfile ?? pod.Spec.SecurityContext?.AppArmorProfile;
            var legacy = pod.Metadata.Annotations?.ContainsKey(BifrostLabels.LegacyAppArmorPrefix + container.Name) == true;
            Assert.True(profile is not null || legacy, $"container {container.Name} has no AppArmor profile after the patch");
        }

        // A second pass over the mutated pod changes nothing.
        review["request"]!["object"] = patched;
        var second = handler.Handle(Encoding.UTF8.GetBytes(review.ToJsonString()));
        Assert.Equal(AdmissionOutcome.Skipped, second.Decision!.Outcome);
        Assert.Equal(SkipReason.AlreadyInjected, second.Decision.Reason);
        Assert.Null(second.Decision.Patch);
    }

    private static AdmissionReviewHandler Handler(string dir)
    {
        var (mutator, catalog, server) = Parts(dir);
        return new AdmissionReviewHandler(mutator, FixedNamespaces.Instance, catalog, new FixedServerVersion(server));
    }

    /// <summary>What a case's admission decides with: its settings, its catalog and the API server's version.</summary>
    internal static (PodMutator Mutator, IProfileCatalog Catalog, KubernetesVersion Server) Parts(string dir)
    {
        var catalogPath = Path.Combine(dir, "catalog.json");
        IProfileCatalog catalog = File.Exists(catalogPath)
            ? new FixedCatalog(JsonSerializer.Deserialize<Dictionary<string, FixedCatalog.Entry>>(File.ReadAllText(catalogPath), CatalogJson)!)
            : LearningCatalog.Instance;
        var optionsPath = Path.Combine(dir, "options.json");
        var options = File.Exists(optionsPath)
            ? JsonSerializer.Deserialize<AdmissionOptions>(File.ReadAllText(optionsPath), CatalogJson)!
            : new AdmissionOptions();
        // The default tracer image is tagged with the build's version, which moves with every commit.
        if (options.Tracer.Image == new TracerOptions().Image)
            options = options with { Tracer = options.Tracer with { Image = GoldenTracerImage } };
        Assert.Empty(options.Validate());
        return (new PodMutator(options), catalog, options.ConfiguredVersion() ?? KubernetesVersion.Newest);
    }

    private static JsonObject Summarize(AdmissionResult result)
    {
        var response = result.Body is null ? null : JsonNode.Parse(result.Body)!["response"];
        var patch = response?["patch"]?.GetValue<string>() is { } encoded
            ? JsonNode.Parse(Convert.FromBase64String(encoded))
            : null;
        var summary = new JsonObject
        {
            ["statusCode"] = result.StatusCode,
            ["uid"] = response?["uid"]?.DeepClone(),
            ["allowed"] = response?["allowed"]?.DeepClone(),
            ["outcome"] = result.Decision?.Outcome.ToString(),
            ["reason"] = result.Decision?.Reason,
            ["workload"] = result.Decision?.Workload?.ToString(),
            ["warnings"] = new JsonArray([.. (result.Decision?.Warnings ?? []).Select(w => JsonValue.Create(w))]),
            ["patch"] = patch,
        };
        if (response?["status"] is { } status)
            summary["status"] = status.DeepClone();
        return summary;
    }
}
