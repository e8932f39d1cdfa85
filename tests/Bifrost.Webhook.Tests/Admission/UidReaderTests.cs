using System.Text;
using Bifrost.Webhook.Admission;

namespace Bifrost.Webhook.Tests.Admission;

public sealed class UidReaderTests
{
    [Theory]
    [InlineData("""{"kind":"AdmissionReview","request":{"object":{"metadata":{"uid":"pod-uid"}},"uid":"review-uid"}}""", "review-uid")]
    [InlineData("""{"other":{"uid":"wrong"},"request":{"uid":"right"}}""", "right")]
    [InlineData("""{"request":"text","other":{"uid":"wrong"}}""", null)]
    [InlineData("""{"request":{"uid":7}}""", null)]
    [InlineData("""{"uid":"top-level"}""", null)]
    [InlineData("not json", null)]
    [InlineData("""{"request":{"uid":"kept","object":{"spec":""", "kept")]
    public void TryRead_Review_FindsOnlyRequestUid(string body, string? expected) =>
        Assert.Equal(expected, UidReader.TryRead(Encoding.UTF8.GetBytes(body)));
}
