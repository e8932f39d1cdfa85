namespace Bifrost.Kubernetes.Watching;

/// <summary>
/// A generation counter that waiters can block on: read <see cref="Generation"/>, look at the cache, then
/// <see cref="WaitAsync"/> with what was read. A change between the read and the wait is never missed.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public void Notify()
    {
        // Count first, then release: a waiter that took the old task either sees the new count or gets woken.
        Interlocked.Increment(ref generation);
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes once the generation differs from <paramref name="seen"/>.</summary>
    public async Task WaitAsync(long seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = Volatile.Read(ref next);
            if (Generation != seen)
                return;
            await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
