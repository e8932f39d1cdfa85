namespace Bifrost.Webhook.Kubernetes;

/// <summary>One full list and the resource version a watch continues from.</summary>
internal sealed record ListSnapshot<T>(IReadOnlyList<T> Items, string ResourceVersion);
