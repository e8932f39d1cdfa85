using System.Net;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Bifrost.Cli.Tests.Cluster;

/// <summary>
/// A WireMock server in place of the API server, answering with the responses recorded under Fixtures/cluster, and a
/// kubeconfig that points at it, so the cluster commands run through the real Kubernetes client.
/// </summary>
internal sealed class StandInApiServer : IDisposable
{
    public const string Profiles = "/apis/bifrost.io/v1alpha1/bifrostprofiles";
    public const string Nodes = "/apis/bifrost.io/v1alpha1/bifrostnodes";
    public const string Version = "/version/";
    public const string Secret = "/api/v1/namespaces/bifrost-system/secrets/bifrost-webhook-tls";
    public const string Webhook = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/bifrost";
    public const string EndpointSlices = "/apis/discovery.k8s.io/v1/namespaces/bifrost-system/endpointslices";
    public const string AccessReviews = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    private readonly WireMockServer server = WireMockServer.Start();

    public StandInApiServer()
    {
        Kubeconfig = Path.Combine(Path.GetTempPath(), $"bifrost-kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(Kubeconfig, KubeconfigFor(server.Url!));
    }

    public string Kubeconfig { get; }

    public string Url => server.Url!;

    public static string ProfileOf(string @namespace, string name) => $"/apis/bifrost.io/v1alpha1/namespaces/{@namespace}/bifrostprofiles/{name}";

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cluster", name));

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> with a recorded response.</summary>
    public StandInApiServer Serve(string path, string fixture, HttpStatusCode status = HttpStatusCode.OK, string method = "GET", int priority = 10)
    {
        server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(Fixture(fixture)));
        return this;
    }

    /// <summary>Answers a SelfSubjectAccessReview whose body holds <paramref name="verb"/> and <paramref name="resource"/>.</summary>
    public StandInApiServer ServeReview(string verb, string resource, string fixture)
    {
        server.Given(Request.Create().WithPath(AccessReviews).UsingPost()
                .WithBody(body => body is not null && body.Contains($"\"verb\":\"{verb}\"", StringComparison.Ordinal) && body.Contains($"\"resource\":\"{resource}\"", StringComparison.Ordinal)))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(Fixture(fixture)));
        return this;
    }

    /// <summary>Every request the server received, oldest first.</summary>
    public IReadOnlyList<ILogEntry> Received => [.. server.LogEntries];

    /// <summary>The <c>kubectl config view</c> of a cluster at <paramref name="url"/>, context <c>stand-in</c>, namespace <c>shop</c>.</summary>
    public static string KubeconfigFor(string url) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: stand-in
          cluster:
            server: {url}
        contexts:
        - name: stand-in
          context:
            cluster: stand-in
            namespace: shop
            user: alice
        current-context: stand-in
        users:
        - name: alice
          user:
            token: stand-in-token
        """;

    public Task<CliRun> RunAsync(params string[] args) => CliRunner.RunAsync("", [.. args, "--kubeconfig", Kubeconfig]);

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
        File.Delete(Kubeconfig);
    }
}
