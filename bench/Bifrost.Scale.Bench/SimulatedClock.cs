namespace Bifrost.Scale.Bench;

/// <summary>A clock the model moves forward by each flush interval, so minutes of a cluster pass in seconds.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
