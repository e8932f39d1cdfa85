namespace Bifrost.Agent.Cluster;

/// <summary>
/// Notices <c>bifrost uninstall</c>'s request on this agent's own pod (the <c>bifrost.io/uninstall</c> annotation),
/// seen through the watch of the node's pods that the agent keeps anyway: no other watch or permission is needed.
/// </summary>
internal sealed class UninstallSignal(AgentOptions options)
{
    private readonly TaskCompletionSource<string> requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the annotation's value once the request is seen.</summary>
    public Task<string> Requested => requested.Task;

    public void Apply(PodEvent change)
    {
        if (change.Type == ProfileEventType.Delete)
            return;
        foreach (var pod in change.Pods)
        {
            if (pod.UninstallRequest is { Length: > 0 } request && pod.Namespace == options.PodNamespace && pod.Name == options.PodName)
                requested.TrySetResult(request);
        }
    }
}
