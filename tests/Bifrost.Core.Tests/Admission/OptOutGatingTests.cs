using System.Text;
using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.Tests.Support;

namespace Bifrost.Core.Tests.Admission;

/// <summary>
/// In a namespace labelled for protection, an opt-out is honoured only for an exempt creator; refused it denies the pod;
/// when the check fails the pod is protected anyway. Namespace <c>shop</c> is protected, <c>shop-exempt</c> also allows opt-outs.
/// </summary>
public sealed class OptOutGatingTests
{
    private static readonly PodMutator Mutator = new(new AdmissionOptions());

    [Theory]
    [InlineData(OptOutVerdict.NotAsked, AdmissionOutcome.Denied)]
    [InlineData(OptOutVerdict.Refused, AdmissionOutcome.Denied)]
    [InlineData(OptOutVerdict.Exempt, AdmissionOutcome.Skipped)]
    [InlineData(OptOutVerdict.Unknown, AdmissionOutcome.Injected)]
    public void Decide_OptOutAnnotationInAProtectedNamespace_FollowsTheVerdict(OptOutVerdict verdict, AdmissionOutcome expected)
    {
        var decision = Decide(Request("shop", Pod(annotations: new() { ["bifrost.io/protect"] = "false" })), verdict);

        Assert.Equal(expected, decision.Outcome);
        if (expected == AdmissionOutcome.Denied)
            Assert.Contains("alice may not opt pods out: annotation bifrost.io/protect: \"false\"", decision.Denial, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OptOutInANamespaceLabelledAllowOptOut_IsHonouredWithoutAVerdict()
    {
        var request = Request("shop-exempt", Pod(annotations: new() { ["bifrost.io/protect"] = "false" }));

        Assert.False(Mutator.AsksToOptOut(request, FixedNamespaces.Instance));
        Assert.Equal(SkipReason.OptedOut, Decide(request, OptOutVerdict.NotAsked).Reason);
    }

    [Theory]
    [InlineData("Unconfined", null, true)]
    [InlineData("RuntimeDefault", null, true)]
    [InlineData("Localhost", "custom", true)]
    [InlineData("Localhost", "bifrost_shop_deployment_web_app_learn", false)]
    public void AsksToOptOut_ContainerProfile_OnlyWhenBifrostDoesNotOwnIt(string type, string? localhost, bool asks)
    {
        var profile = new JsonObject { ["type"] = type };
        if (localhost is not null)
            profile["localhostProfile"] = localhost;

        Assert.Equal(asks, Mutator.AsksToOptOut(Request("shop", Pod(securityContext: new JsonObject { ["appArmorProfile"] = profile })), FixedNamespaces.Instance));
    }

    [Fact]
    public void AsksToOptOut_NamespaceNotLabelled_Never()
    {
        var request = Request("plain", Pod(annotations: new() { ["bifrost.io/protect"] = "true", ["container.apparmor.security.beta.kubernetes.io/app"] = "unconfined" }));

        Assert.False(Mutator.AsksToOptOut(request, FixedNamespaces.Instance));
        Assert.Equal(AdmissionOutcome.Skipped, Decide(request, OptOutVerdict.NotAsked).Outcome);
    }

    [Fact]
    public void Decide_CheckFailedForAnUnconfinedLegacyAnnotation_ReplacesItAndTheFieldWithBifrostsProfile()
    {
        var mutator = new PodMutator(new AdmissionOptions { WriteLegacyAnnotation = false });
        var request = Request("shop", Pod(annotations: new() { ["container.apparmor.security.beta.kubernetes.io/app"] = "unconfined" }));

        var decision = mutator.Decide(request, FixedNamespaces.Instance, LearningCatalog.Instance, KubernetesVersion.Newest, OptOutVerdict.Unknown);

        Assert.Equal(AdmissionOutcome.Injected, decision.Outcome);
        var operations = decision.Patch!.Select(op => (Path: (string)op!["path"]!, Value: op["value"]?.ToJsonString())).ToList();
        Assert.Contains(operations, op => op.Path == "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app" && op.Value!.Contains("localhost/bifrost_", StringComparison.Ordinal));
        Assert.Contains(operations, op => op.Path == "/spec/containers/0/securityContext" && op.Value!.Contains("bifrost_", StringComparison.Ordinal));
        Assert.Contains(decision.Warnings, w => w.Contains("protected anyway", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_StatusAnnotationOnAPodWithoutBifrostProfiles_IsRefusedEvenWhenTheCheckFailed()
    {
        var request = Request("shop", Pod(annotations: new() { ["bifrost.io/status"] = "{}" }));

        var decision = Decide(request, OptOutVerdict.Unknown);

        Assert.Equal(AdmissionOutcome.Denied, decision.Outcome);
        Assert.Contains("could not be checked", decision.Denial, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("system:node:node-1", "system:nodes", SkipReason.MirrorPod)]
    [InlineData("alice", "developers", SkipReason.OptOutRefused)]
    [InlineData("system:node:node-1", "developers", SkipReason.OptOutRefused)]
    public void Decide_MirrorAnnotation_IsAMirrorPodOnlyFromANode(string user, string group, string reason)
    {
        var request = Request("shop", Pod(annotations: new() { ["kubernetes.io/config.mirror"] = "abc" }), user, group);

        Assert.Equal(reason, Decide(request, OptOutVerdict.Refused).Reason);
    }

    [Fact]
    public async Task HandleAsync_AuthorizerThrows_ProtectsThePodAndReportsTheFault()
    {
        var handler = new AdmissionReviewHandler(Mutator, FixedNamespaces.Instance, LearningCatalog.Instance, authorizer: new Authorizer(() => throw new TimeoutException("slow")));

        var result = await handler.HandleAsync(Review("shop", Pod(annotations: new() { ["bifrost.io/protect"] = "false" })), CancellationToken.None);

        Assert.Equal(AdmissionOutcome.Injected, result.Decision!.Outcome);
        Assert.IsType<TimeoutException>(result.Fault);
        Assert.True((bool)JsonNode.Parse(result.Body)!["response"]!["allowed"]!);
    }

    [Fact]
    public async Task HandleAsync_Refused_AnswersAllowedFalseWith403AndAsksForTheRequestingUser()
    {
        var asked = new List<(string, IReadOnlyList<string>)>();
        var handler = new AdmissionReviewHandler(Mutator, FixedNamespaces.Instance, LearningCatalog.Instance,
            authorizer: new Authorizer(() => OptOutVerdict.Refused, (user, _) => asked.Add((user.Username, user.Groups))));

        var result = await handler.HandleAsync(Review("shop", Pod(annotations: new() { ["bifrost.io/protect"] = "false" })), CancellationToken.None);

        var response = JsonNode.Parse(result.Body)!["response"]!;
        Assert.False((bool)response["allowed"]!);
        Assert.Equal(403, (int)response["status"]!["code"]!);
        var (username, groups) = Assert.Single(asked);
        Assert.Equal("alice", username);
        Assert.Equal(["developers"], groups);
    }

    [Fact]
    public async Task HandleAsync_NoOptOut_NeverAsks()
    {
        var asked = 0;
        var handler = new AdmissionReviewHandler(Mutator, FixedNamespaces.Instance, LearningCatalog.Instance,
            authorizer: new Authorizer(() => OptOutVerdict.Refused, (_, _) => asked++));

        var result = await handler.HandleAsync(Review("shop", Pod()), CancellationToken.None);

        Assert.Equal(AdmissionOutcome.Injected, result.Decision!.Outcome);
        Assert.Equal(0, asked);
    }

    [Fact]
    public void Decide_AnnotationsNamingTheTracer_ChangeNothingAboutIt()
    {
        var plain = Decide(Request("shop", Pod(annotations: new() { ["team"] = "a" })), OptOutVerdict.NotAsked);
        var annotated = Decide(Request("shop", Pod(annotations: new()
        {
            ["team"] = "a",
            ["bifrost.io/tracer-image"] = "evil.example/tracer:1",
            ["bifrost.io/image"] = "evil.example/tracer:1",
            ["bifrost.io/endpoint"] = "https://evil.example",
            ["bifrost.io/privileged"] = "false",
            ["bifrost.io/tracer"] = "{\"image\":\"evil.example/tracer:1\"}",
            ["container.apparmor.security.beta.kubernetes.io/bifrost-tracer"] = "localhost/evil",
        })), OptOutVerdict.NotAsked);

        static string? Tracer(AdmissionDecision decision) =>
            decision.Patch!.Single(op => ((string)op!["path"]!).StartsWith("/spec/initContainers", StringComparison.Ordinal))!["value"]!.ToJsonString();
        Assert.Equal(AdmissionOutcome.Injected, annotated.Outcome);
        Assert.Equal(Tracer(plain), Tracer(annotated));
        Assert.DoesNotContain("evil", annotated.Patch!.ToJsonString(), StringComparison.Ordinal);
    }

    private static AdmissionDecision Decide(AdmissionRequest request, OptOutVerdict verdict) =>
        Mutator.Decide(request, FixedNamespaces.Instance, LearningCatalog.Instance, KubernetesVersion.Newest, verdict);

    private static JsonObject Pod(Dictionary<string, string>? annotations = null, JsonObject? securityContext = null)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" };
        if (securityContext is not null)
            container["securityContext"] = securityContext;
        var metadata = new JsonObject { ["name"] = "web" };
        if (annotations is not null)
            metadata["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) } };
    }

    private static AdmissionRequest Request(string @namespace, JsonObject pod, string user = "alice", string group = "developers") =>
        AdmissionReviewParser.Parse(Review(@namespace, pod, user, group), out _)!;

    private static byte[] Review(string @namespace, JsonObject pod, string user = "alice", string group = "developers") =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "u1",
                ["operation"] = "CREATE",
                ["namespace"] = @namespace,
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["userInfo"] = new JsonObject { ["username"] = user, ["groups"] = new JsonArray(group) },
                ["object"] = pod,
            },
        }.ToJsonString());

    private sealed class Authorizer(Func<OptOutVerdict> verdict, Action<RequestUser, string>? asked = null) : IOptOutAuthorizer
    {
        public ValueTask<OptOutVerdict> AuthorizeAsync(RequestUser user, string namespaceName, CancellationToken cancellationToken)
        {
            asked?.Invoke(user, namespaceName);
            return ValueTask.FromResult(verdict());
        }
    }
}
