using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Tests.Support;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Admission;

/// <summary>
/// Admission reads the review where it was parsed and writes the patch as bytes: these pin that both say exactly
/// what the pod's nodes and the patch's nodes would have said.
/// </summary>
public sealed class AdmissionWritingTests
{
    private static readonly WorkloadIdentity Web = new("shop", "Deployment", "web");

    public static TheoryData<string> Reviews()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(AdmissionCaseTests.CasesDirectory).Order(StringComparer.Ordinal))
            data.Add(Path.Combine(dir, "request.json"));
        foreach (var file in Directory.GetFiles(Repository.Path("tests", "fuzz", "corpus", "admission")).Order(StringComparer.Ordinal))
            data.Add(file);
        return data;
    }

    public static TheoryData<TracerOptions, bool, bool> Tracers()
    {
        var data = new TheoryData<TracerOptions, bool, bool>();
        TracerOptions[] options =
        [
            new(),
            new() { CaBundle = "-----BEGIN CERTIFICATE-----\n\"x<+>&é\u2028\n-----END CERTIFICATE-----\n", CpuLimit = "1" },
            new() { MountHostCgroups = false, Privileged = false, Image = "registry.example/tracer:1+x", TokenExpirationSeconds = 600 },
        ];
        foreach (var option in options)
        {
            foreach (var native in new[] { false, true })
            {
                foreach (var field in new[] { false, true })
                    data.Add(option, native, field);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Tracers))]
    public void WriteContainer_WritesTheSameJsonAsTheContainerNode(TracerOptions options, bool nativeSidecar, bool appArmorField)
    {
        var sidecar = new TracerSidecar(options, nativeSidecar, appArmorField);
        (string, string, string?)[] traced = [("app", "learn-app", "nginx:1.27"), ("side/car", "p~1", null), ("db", "learn-db", "postgres@sha256:ab+cd")];

        var written = Write(writer => sidecar.WriteContainer(writer, Web, traced));

        Assert.Equal(sidecar.Container(Web, traced).ToJsonString(), written);
        Assert.Equal(sidecar.Volumes().Select(v => v.ToJsonString()), sidecar.VolumeJson.Select(v => Encoding.UTF8.GetString(v)));
    }

    [Theory]
    [MemberData(nameof(Reviews))]
    public void Parse_Review_ReadsThePodAndUserTheNodesWould(string file)
    {
        var body = File.ReadAllBytes(file);
        var nodes = JsonNode.Parse(body)!["request"]!;

        var request = AdmissionReviewParser.Parse(body, out var error);

        Assert.Null(error);
        Assert.Equal(nodes["object"] is JsonObject pod ? pod.ToJsonString() : null, request!.Pod?.ToJsonString());
        Assert.Equal(request.Pod?.ToJsonString(), request.PodElement?.GetRawText() is { } raw ? JsonNode.Parse(raw)!.ToJsonString() : null);
        Assert.Equal((string?)nodes["userInfo"]?["username"] ?? "", request.User.Username);
        Assert.Equal(nodes["userInfo"]?["groups"]?.AsArray().Select(g => (string)g!) ?? [], request.User.Groups);
    }

    [Theory]
    [MemberData(nameof(Reviews))]
    public void Handle_Review_PatchNodesAreThePatchAnswered(string file)
    {
        var result = new AdmissionReviewHandler(new PodMutator(new AdmissionOptions()), FixedNamespaces.Instance, LearningCatalog.Instance)
            .Handle(File.ReadAllBytes(file));

        var answered = JsonNode.Parse(result.Body!)!["response"]!["patch"]?.GetValue<string>();
        Assert.Equal(answered, result.Decision!.Patch is { } patch ? Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString())) : null);
    }

    [Fact]
    public void Decide_CopyGivenAnotherPod_DecidesOnThatPod()
    {
        var body = File.ReadAllBytes(Path.Combine(AdmissionCaseTests.CasesDirectory, "deployment-pod-with-generate-name-and-no-namespace", "request.json"));
        var parsed = AdmissionReviewParser.Parse(body, out _)!;
        var windows = parsed.Pod!.DeepClone().AsObject();
        windows["spec"]!["os"] = new JsonObject { ["name"] = "windows" };
        var mutator = new PodMutator(new AdmissionOptions());

        var decision = mutator.Decide(parsed with { Pod = windows }, FixedNamespaces.Instance, LearningCatalog.Instance);

        Assert.Equal(AdmissionOutcome.Injected, mutator.Decide(parsed, FixedNamespaces.Instance, LearningCatalog.Instance).Outcome);
        Assert.Equal(SkipReason.Windows, decision.Reason);
    }

    [Fact]
    public void Write_DecisionWithPatchNodes_AnswersThem()
    {
        var patch = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/labels", ["value"] = new JsonObject { ["a"] = "b" } });

        var answer = AdmissionReviewWriter.Write("u", new AdmissionDecision { Outcome = AdmissionOutcome.Enforced, Patch = patch });

        var encoded = JsonNode.Parse(answer)!["response"]!["patch"]!.GetValue<string>();
        Assert.Equal(patch.ToJsonString(), Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
