namespace Bifrost.Core.Admission;

/// <summary>The API server's version as admission sees it: a value held in memory, never an API call.</summary>
public interface IServerVersion
{
    KubernetesVersion Current { get; }
}

/// <summary>A version that does not change: from a setting, a command-line option or a test.</summary>
public sealed class FixedServerVersion(KubernetesVersion version) : IServerVersion
{
    public static FixedServerVersion Newest { get; } = new(KubernetesVersion.Newest);

    public KubernetesVersion Current { get; } = version;
}
