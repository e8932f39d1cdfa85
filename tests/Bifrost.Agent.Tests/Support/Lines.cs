using Bifrost.Agent.Audit;

namespace Bifrost.Agent.Tests.Support;

internal static class Lines
{
    /// <summary>Reads from <paramref name="source"/> until <paramref name="done"/> holds for what was read, or a generous deadline passes.</summary>
    public static async Task<List<string>> ReadUntil(IAuditSource source, Func<List<string>, bool> done, Func<Task>? whileReading = null)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var line in source.ReadAsync(deadline.Token))
                {
                    lock (lines)
                        lines.Add(line);
                    if (done(lines))
                        return;
                }
            }
            catch (OperationCanceledException)
            {
                // The deadline: the assertion on the lines says what was missing.
            }
        });
        if (whileReading is not null)
            await whileReading();
        await reading;
        lock (lines)
            return [.. lines];
    }
}
