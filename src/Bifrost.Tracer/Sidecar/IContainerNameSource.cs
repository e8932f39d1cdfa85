namespace Bifrost.Tracer.Sidecar;

/// <summary>Names the pod's container that owns a container id (the id the runtime put in the cgroup's name).</summary>
public interface IContainerNameSource
{
    Task<string?> NameOfAsync(string containerId, CancellationToken cancellationToken);
}
