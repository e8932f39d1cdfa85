namespace Bifrost.Kubernetes.Watching;

/// <summary>One full list and the resource version a watch continues from.</summary>
public sealed record ListSnapshot<T>(IReadOnlyList<T> Items, string ResourceVersion);
