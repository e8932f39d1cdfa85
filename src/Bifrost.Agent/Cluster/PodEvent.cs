namespace Bifrost.Agent.Cluster;

/// <summary>A change to the pods bound to this node. <see cref="ProfileEventType.Reset"/> carries the full list after a (re)list.</summary>
internal sealed record PodEvent(ProfileEventType Type, IReadOnlyList<NodePod> Pods);
