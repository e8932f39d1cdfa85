namespace Bifrost.Agent.Tests.Support;

/// <summary>
/// The system clock, except that it tells a test when a poller starts a wait: the poller has looked and found
/// nothing new, so what the test writes next is certain to arrive after that look, however loaded the machine.
/// </summary>
internal sealed class PollSignallingClock : TimeProvider
{
    private TaskCompletionSource waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = System.CreateTimer(callback, state, dueTime, period);
        Volatile.Read(ref waiting).TrySetResult();
        return timer;
    }

    /// <summary>Completes at the next wait the poller starts (from now on).</summary>
    public Task NextWait()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref waiting, next);
        return next.Task;
    }
}
