namespace Bifrost.Core.Learning;

/// <summary>Something that makes a workload <c>Degraded</c>: a CamelCase reason and what happened, in words.</summary>
public sealed record LifecycleProblem(string Reason, string Message);
