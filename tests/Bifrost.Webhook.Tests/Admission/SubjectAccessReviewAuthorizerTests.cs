using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Webhook.Admission;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Webhook.Tests.Admission;

/// <summary>The SubjectAccessReview the webhook sends for an opt-out, against an API server on real Kestrel.</summary>
public sealed class SubjectAccessReviewAuthorizerTests
{
    private const string Path = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private static readonly RequestUser Alice = new()
    {
        Username = "alice",
        Uid = "u-1",
        Groups = ["developers", "system:authenticated"],
        Extra = new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["a"] },
    };

    [Theory]
    [InlineData(true, OptOutVerdict.Exempt)]
    [InlineData(false, OptOutVerdict.Refused)]
    public async Task Authorize_AsksForVerbExemptOnBifrostProfilesForTheUser(bool allowed, OptOutVerdict expected)
    {
        JsonNode? sent = null;
        await using var api = await StubServer.StartAsync(app => app.MapPost(Path, async (HttpContext context) =>
        {
            sent = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            sent!["status"] = new JsonObject { ["allowed"] = allowed };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(sent.ToJsonString(), context.RequestAborted);
        }));
        using var kubernetes = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = api.Url });

        var verdict = await new SubjectAccessReviewAuthorizer(kubernetes, NullLogger<SubjectAccessReviewAuthorizer>.Instance)
            .AuthorizeAsync(Alice, "shop", CancellationToken.None);

        Assert.Equal(expected, verdict);
        var spec = sent!["spec"]!;
        Assert.Equal("alice", (string?)spec["user"]);
        Assert.Equal("u-1", (string?)spec["uid"]);
        Assert.Equal(["developers", "system:authenticated"], spec["groups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal("a", (string?)spec["extra"]!["scopes"]![0]);
        var resource = spec["resourceAttributes"]!;
        Assert.Equal("bifrost.io", (string?)resource["group"]);
        Assert.Equal("bifrostprofiles", (string?)resource["resource"]);
        Assert.Equal("exempt", (string?)resource["verb"]);
        Assert.Equal("shop", (string?)resource["namespace"]);
    }

    [Fact]
    public async Task Authorize_ApiServerFails_IsUnknownSoThePodIsProtected()
    {
        await using var api = await StubServer.StartAsync(app => app.MapPost(Path, () => Results.StatusCode(500)));
        using var kubernetes = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = api.Url });

        var verdict = await new SubjectAccessReviewAuthorizer(kubernetes, NullLogger<SubjectAccessReviewAuthorizer>.Instance)
            .AuthorizeAsync(Alice, "shop", CancellationToken.None);

        Assert.Equal(OptOutVerdict.Unknown, verdict);
    }

    [Fact]
    public async Task Authorize_ApiServerTooSlow_IsUnknownWithinAFewSeconds()
    {
        await using var api = await StubServer.StartAsync(app => app.MapPost(Path, async (HttpContext context) =>
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted)));
        using var kubernetes = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = api.Url });

        var verdict = await new SubjectAccessReviewAuthorizer(kubernetes, NullLogger<SubjectAccessReviewAuthorizer>.Instance)
            .AuthorizeAsync(Alice, "shop", CancellationToken.None);

        Assert.Equal(OptOutVerdict.Unknown, verdict);
    }
}
