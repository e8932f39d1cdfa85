namespace Bifrost.Core.Learning;

/// <summary>A phase change or a blocked step, to become a Kubernetes Event on the workload and a log line.</summary>
public sealed record LifecycleEvent(string Reason, string Message, bool Warning = false);
