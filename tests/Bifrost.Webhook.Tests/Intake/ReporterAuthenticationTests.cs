using Bifrost.Webhook.Intake;
using k8s.Models;

namespace Bifrost.Webhook.Tests.Intake;

public sealed class ReporterAuthenticationTests
{
    private sealed class ScriptedReviews(Func<string, IList<string>, V1TokenReviewStatus> answer) : ITokenReviewClient
    {
        public int Calls { get; private set; }

        public Task<V1TokenReviewStatus> ReviewAsync(string token, IList<string> audiences, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(answer(token, audiences));
        }
    }


    private static V1TokenReviewStatus PodToken(string pod = "web-1", string uid = "uid-1", string audience = "bifrost") => new()
    {
        Authenticated = true,
        Audiences = [audience],
        User = new V1UserInfo
        {
            Username = "system:serviceaccount:shop:default",
            Extra = new Dictionary<string, IList<string>>
            {
                [TokenReviewAuthenticator.PodNameExtra] = [pod],
                [TokenReviewAuthenticator.PodUidExtra] = [uid],
            },
        },
    };

    [Fact]
    public async Task TokenReview_PodBoundTokenWithAudience_IdentifiesThePod()
    {
        var auth = new TokenReviewAuthenticator(new ScriptedReviews((_, audiences) =>
        {
            Assert.Equal(["bifrost"], audiences);
            return PodToken();
        }), "bifrost", TimeProvider.System);

        var result = await auth.AuthenticateAsync("token", CancellationToken.None);

        Assert.Equal(new ReporterIdentity("shop", "web-1", "uid-1", "shop:default"), result.Identity);
        Assert.True(result.Identity!.MayReportFor("shop", "web-1", "uid-1"));
        Assert.False(result.Identity.MayReportFor("shop", "web-2", "uid-2"));
        Assert.False(result.Identity.IsAgent("bifrost-system:bifrost-agent"));
        Assert.True(result.Identity.IsAgent("shop:default"));
    }

    [Fact]
    public async Task TokenReview_WrongAudience_IsRejected()
    {
        var auth = new TokenReviewAuthenticator(new ScriptedReviews((_, _) => PodToken(audience: "https://kubernetes.default.svc")), "bifrost", TimeProvider.System);

        Assert.Equal("wrong-audience", (await auth.AuthenticateAsync("token", CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task TokenReview_ExpiredOrForgedToken_IsRejected()
    {
        var auth = new TokenReviewAuthenticator(new ScriptedReviews((_, _) => new V1TokenReviewStatus { Authenticated = false, Error = "token has expired" }), "bifrost", TimeProvider.System);

        Assert.Equal("invalid-token", (await auth.AuthenticateAsync("token", CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task TokenReview_TokenNotBoundToAPod_IsRejected()
    {
        var status = PodToken();
        status.User.Extra.Clear();
        var auth = new TokenReviewAuthenticator(new ScriptedReviews((_, _) => status), "bifrost", TimeProvider.System);

        Assert.Equal("not-a-pod-token", (await auth.AuthenticateAsync("token", CancellationToken.None)).Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task TokenReview_NoToken_IsRejectedWithoutAReview(string? token)
    {
        var reviews = new ScriptedReviews((_, _) => PodToken());
        var auth = new TokenReviewAuthenticator(reviews, "bifrost", TimeProvider.System);

        Assert.Equal("missing-token", (await auth.AuthenticateAsync(token, CancellationToken.None)).Reason);
        Assert.Equal(0, reviews.Calls);
    }

    [Fact]
    public async Task TokenReview_SameTokenSoonAfter_IsAnsweredFromTheCacheUntilItExpires()
    {
        var clock = new ManualClock();
        var reviews = new ScriptedReviews((_, _) => PodToken());
        var auth = new TokenReviewAuthenticator(reviews, "bifrost", clock);

        await auth.AuthenticateAsync("token", CancellationToken.None);
        await auth.AuthenticateAsync("token", CancellationToken.None);
        Assert.Equal(1, reviews.Calls);

        clock.Now += TimeSpan.FromMinutes(2);
        await auth.AuthenticateAsync("token", CancellationToken.None);
        Assert.Equal(2, reviews.Calls);
    }

    [Fact]
    public async Task TokenReview_ApiServerUnreachable_IsRetryableAndNotCached()
    {
        var fail = true;
        var reviews = new ScriptedReviews((_, _) => fail ? throw new HttpRequestException("connection refused") : PodToken());
        var auth = new TokenReviewAuthenticator(reviews, "bifrost", TimeProvider.System);

        var first = await auth.AuthenticateAsync("token", CancellationToken.None);
        fail = false;
        var second = await auth.AuthenticateAsync("token", CancellationToken.None);

        Assert.True(first.Retryable);
        Assert.Equal("review-unavailable", first.Reason);
        Assert.NotNull(second.Identity);
    }

    [Fact]
    public async Task LocalToken_FileIsCreatedOwnerOnlyAndItsTokenAccepted()
    {
        var directory = Directory.CreateTempSubdirectory("bifrost-token-");
        try
        {
            var path = Path.Combine(directory.FullName, "sub", "token");
            var auth = new LocalTokenAuthenticator(path);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            var token = (await File.ReadAllTextAsync(path)).Trim();
            Assert.Same(ReporterIdentity.AnyPod, (await auth.AuthenticateAsync(token, CancellationToken.None)).Identity);
            Assert.Equal("invalid-token", (await auth.AuthenticateAsync(token + "x", CancellationToken.None)).Reason);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LocalToken_FileReadableByOthers_IsRefusedWithTheFix()
    {
        var directory = Directory.CreateTempSubdirectory("bifrost-token-");
        try
        {
            var path = Path.Combine(directory.FullName, "token");
            File.WriteAllText(path, "0123456789abcdef0123456789abcdef");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var error = Assert.Throws<InvalidOperationException>(() => new LocalTokenAuthenticator(path));

            Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
