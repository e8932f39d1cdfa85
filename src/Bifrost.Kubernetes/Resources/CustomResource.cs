using Bifrost.Core.Profiles;

namespace Bifrost.Kubernetes.Resources;

/// <summary>A Bifrost custom resource as the API addresses it: group <c>bifrost.io</c>, version <c>v1alpha1</c>.</summary>
public sealed record CustomResource(string Plural, bool ClusterScoped)
{
    public static CustomResource Profiles { get; } = new(BifrostProfile.Plural, ClusterScoped: false);

    public static CustomResource Nodes { get; } = new(BifrostNode.Plural, ClusterScoped: true);
}
