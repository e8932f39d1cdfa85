using System.Text;
using Bifrost.Core.Admission;
using Bifrost.Core.Tests.Support;

namespace Bifrost.Core.Tests.Admission;

public sealed class AdmissionReviewParserTests
{
    private const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"x"}]}}""";

    [Theory]
    [InlineData("{not json", "malformed JSON")]
    [InlineData("", "malformed JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}""", "kind must be AdmissionReview, got 'Pod'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{}}""", "apiVersion must be admission.k8s.io/v1, got 'admission.k8s.io/v1beta1'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "request is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE"}}""", "request.uid is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u"}}""", "request.operation is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","namespace":"shop","resource":{"group":"apps","version":"v1","resource":"deployments"},"object":{}}}""", "only core/v1 pods, got resource 'apps/deployments'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","namespace":"shop","resource":{"group":"","version":"v1","resource":"pods"}}}""", "request.object must be the pod")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","namespace":"shop","resource":{"group":"","version":"v1","resource":"pods"},"object":{"kind":"Deployment"}}}""", "request.object must be a Pod, got 'Deployment'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","resource":{"group":"","version":"v1","resource":"pods"},"object":{"kind":"Pod","metadata":{}}}}""", "request.namespace is missing")]
    public void Handle_BadReview_Returns400WithReason(string body, string reason)
    {
        var result = Handler(LearningCatalog.Instance).Handle(Encoding.UTF8.GetBytes(body));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Null(result.Body);
    }

    // Found by fuzzing (tests/fuzz/regressions/admission): strings that are no text and repeated properties used to
    // throw from the parser (a 500) or from the mutator (the pod admitted unchanged as a fault) instead of a 400.
    [Theory]
    [InlineData("invalid-utf8-in-a-string.json", "not valid UTF-8")]
    [InlineData("lone-surrogate-escape.json", "is not valid text")]
    [InlineData("lone-surrogate-escape-in-a-container.json", "is not valid text")]
    [InlineData("duplicate-key-in-the-request.json", "malformed JSON")]
    [InlineData("duplicate-key-in-a-container.json", "malformed JSON")]
    public void Handle_ReviewAFuzzerCrashedOn_Returns400WithReason(string file, string reason)
    {
        var body = File.ReadAllBytes(Repository.Path("tests", "fuzz", "regressions", "admission", file));

        var result = Handler(LearningCatalog.Instance).Handle(body);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Null(result.Fault);
    }

    // Found by fuzzing: a pod whose metadata.name is an object faulted the mutator, so the pod passed unchanged.
    [Fact]
    public void Handle_PodNameThatIsNotAString_IsDecidedWithoutAFault()
    {
        var body = File.ReadAllBytes(Repository.Path("tests", "fuzz", "regressions", "admission", "pod-name-that-is-an-object.json"));

        var result = Handler(LearningCatalog.Instance).Handle(body);

        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Fault);
        Assert.NotEqual(AdmissionOutcome.Error, result.Decision!.Outcome);
    }

    [Fact]
    public void Handle_NamespaceOnlyInObject_UsesIt()
    {
        var body = $$$"""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","operation":"CREATE","resource":{"group":"","version":"v1","resource":"pods"},"object":{{{Pod.Replace("\"name\":\"p\"", "\"name\":\"p\",\"namespace\":\"shop\"", StringComparison.Ordinal)}}}}}""";

        var result = Handler(LearningCatalog.Instance).Handle(Encoding.UTF8.GetBytes(body));

        Assert.Equal(AdmissionOutcome.Injected, result.Decision!.Outcome);
    }

    [Fact]
    public void Handle_FaultWhileDeciding_AllowsPodUnchangedAndReportsFault()
    {
        var body = $$$"""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-fault","operation":"CREATE","namespace":"shop","resource":{"group":"","version":"v1","resource":"pods"},"object":{{{Pod}}}}}""";

        var result = Handler(new ThrowingCatalog()).Handle(Encoding.UTF8.GetBytes(body));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(AdmissionOutcome.Error, result.Decision!.Outcome);
        Assert.IsType<InvalidOperationException>(result.Fault);
        var response = System.Text.Json.Nodes.JsonNode.Parse(result.Body)!["response"]!;
        Assert.Equal("u-fault", response["uid"]!.GetValue<string>());
        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Null(response["patch"]);
    }

    private static AdmissionReviewHandler Handler(IProfileCatalog catalog) =>
        new(new PodMutator(new AdmissionOptions()), FixedNamespaces.Instance, catalog);

    private sealed class ThrowingCatalog : IProfileCatalog
    {
        public ProfileAssignment Find(Bifrost.Core.Workloads.WorkloadIdentity workload, string container, string? image) =>
            throw new InvalidOperationException("catalog unavailable");
    }
}
