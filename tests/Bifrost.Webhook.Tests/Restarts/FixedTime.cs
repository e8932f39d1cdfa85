namespace Bifrost.Webhook.Tests.Restarts;

/// <summary>A clock that always reads the same instant, so a stamped time can be compared exactly.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
