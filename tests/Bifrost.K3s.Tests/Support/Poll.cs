namespace Bifrost.K3s.Tests.Support;

/// <summary>
/// Reads until a condition holds, within a generous bound: the loop moves on controller ticks, not on request.
/// The bound only turns a hang into a failure that says what was last seen; it is not a performance claim.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, Func<T?, string> describe)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        T? last = default;
        while (true)
        {
            last = await read();
            if (done(last))
                return last;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"not reached within {limit}: {describe(last)}");
            await Task.Delay(Interval);
        }
    }
}
