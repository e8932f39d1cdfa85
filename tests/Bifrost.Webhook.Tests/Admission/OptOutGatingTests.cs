using Bifrost.Core.Admission;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bifrost.Webhook.Tests.Admission;

/// <summary>
/// In a namespace labelled for protection a pod opts out only when its creator may (the verb exempt on
/// bifrostprofiles.bifrost.io, asked through <see cref="IOptOutAuthorizer"/>) or the namespace carries the exemption label.
/// </summary>
public sealed class OptOutGatingTests
{
    private const string Protected = "--Bifrost:Namespaces:team:Labels:bifrost.io/protect=enabled";

    [RequiresFact("openssl")]
    public async Task Mutate_OptOutByAUserWithoutTheVerb_IsDeniedWithAClearMessage()
    {
        var authorizer = new FixedAuthorizer(OptOutVerdict.Refused);
        var answer = await MutateAsync(authorizer, [Protected], Reviews.Pod("uid-refused", "team", protect: "false"));

        Assert.False((bool)answer["allowed"]!);
        Assert.Equal(403, (int)answer["status"]!["code"]!);
        var message = (string)answer["status"]!["message"]!;
        Assert.Contains("system:serviceaccount:kube-system:replicaset-controller may not opt pods out", message, StringComparison.Ordinal);
        Assert.Contains("bifrost.io/allow-opt-out=true", message, StringComparison.Ordinal);
        Assert.Contains("exempt on bifrostprofiles.bifrost.io", message, StringComparison.Ordinal);
        Assert.Equal(("system:serviceaccount:kube-system:replicaset-controller", "team"), Assert.Single(authorizer.Asked));
    }

    [RequiresFact("openssl")]
    public async Task Mutate_OptOutByAUserWithTheVerb_LeavesThePodAloneAndSaysWhy()
    {
        var answer = await MutateAsync(new FixedAuthorizer(OptOutVerdict.Exempt), [Protected], Reviews.Pod("uid-exempt", "team", protect: "false"));

        Assert.True((bool)answer["allowed"]!);
        Assert.Null(answer["patch"]);
        Assert.Contains("opt-out allowed", (string)answer["warnings"]![0]!, StringComparison.Ordinal);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_OptOutWhenTheCheckFails_ProtectsThePodAndWarns()
    {
        var answer = await MutateAsync(new ThrowingAuthorizer(), [Protected], Reviews.Pod("uid-unknown", "team", protect: "false"));

        Assert.True((bool)answer["allowed"]!);
        Assert.NotNull(answer["patch"]);
        Assert.Contains(answer["warnings"]!.AsArray(), w => ((string)w!).Contains("protected anyway", StringComparison.Ordinal));
    }

    [RequiresFact("openssl")]
    public async Task Mutate_NamespaceLabelledAllowOptOut_HonoursTheOptOutWithoutAsking()
    {
        var authorizer = new FixedAuthorizer(OptOutVerdict.Refused);
        var answer = await MutateAsync(authorizer, [Protected, "--Bifrost:Namespaces:team:Labels:bifrost.io/allow-opt-out=true"],
            Reviews.Pod("uid-label", "team", protect: "false"));

        Assert.True((bool)answer["allowed"]!);
        Assert.Null(answer["patch"]);
        Assert.Empty(authorizer.Asked);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_PodWithoutOptOut_NeverAsks()
    {
        var authorizer = new FixedAuthorizer(OptOutVerdict.Refused);
        var answer = await MutateAsync(authorizer, [Protected], Reviews.Pod("uid-plain", "team"));

        Assert.True((bool)answer["allowed"]!);
        Assert.NotNull(answer["patch"]);
        Assert.Empty(authorizer.Asked);
    }

    [RequiresFact("openssl")]
    public async Task Mutate_UnconfinedProfileByAUserWithoutTheVerb_IsDenied()
    {
        var pod = Reviews.Pod("uid-unconfined", "team");
        pod["request"]!["object"]!["spec"]!["containers"]![0]!["securityContext"] = new System.Text.Json.Nodes.JsonObject
        {
            ["appArmorProfile"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "Unconfined" },
        };

        var answer = await MutateAsync(new FixedAuthorizer(OptOutVerdict.Refused), [Protected], pod);

        Assert.False((bool)answer["allowed"]!);
        Assert.Contains("container app's AppArmor profile Unconfined", (string)answer["status"]!["message"]!, StringComparison.Ordinal);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> MutateAsync(IOptOutAuthorizer authorizer, string[] settings, System.Text.Json.Nodes.JsonObject review)
    {
        review["request"]!["userInfo"] = new System.Text.Json.Nodes.JsonObject
        {
            ["username"] = "system:serviceaccount:kube-system:replicaset-controller",
            ["groups"] = new System.Text.Json.Nodes.JsonArray("system:serviceaccounts", "system:authenticated"),
        };
        using var certificates = await TestCertificates.GenerateAsync();
        await using var server = await WebhookServer.StartAsync(certificates, settings,
            configure: builder => builder.Services.AddSingleton(authorizer));
        using var response = await Reviews.PostAsync(server.Client, Reviews.Json(review));
        return await Reviews.ResponseOf(response);
    }

    private sealed class FixedAuthorizer(OptOutVerdict verdict) : IOptOutAuthorizer
    {
        public List<(string User, string Namespace)> Asked { get; } = [];

        public ValueTask<OptOutVerdict> AuthorizeAsync(RequestUser user, string namespaceName, CancellationToken cancellationToken)
        {
            Asked.Add((user.Username, namespaceName));
            return ValueTask.FromResult(verdict);
        }
    }

    private sealed class ThrowingAuthorizer : IOptOutAuthorizer
    {
        public ValueTask<OptOutVerdict> AuthorizeAsync(RequestUser user, string namespaceName, CancellationToken cancellationToken) =>
            throw new HttpRequestException("the API server is unreachable");
    }
}
