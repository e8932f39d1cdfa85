namespace Bifrost.Core.Profiles;

/// <summary>
/// A node agent's answer to <c>bifrost uninstall</c>: Bifrost's profiles are out of the kernel (but for those a running
/// task still uses, which go at the next reboot) and its files are off the host.
/// </summary>
public sealed record NodeUninstallStatus
{
    /// <summary>The value of the agent pod's <c>bifrost.io/uninstall</c> annotation this answers.</summary>
    public required string Request { get; init; }

    /// <summary>Profiles taken out of the kernel.</summary>
    public int Removed { get; init; }

    /// <summary>Profiles left in the kernel because running tasks are confined by them; their files are gone all the same.</summary>
    public IReadOnlyList<string> KeptInUse { get; init; } = [];

    /// <summary>Profiles the kernel refused to remove, with the reason.</summary>
    public IReadOnlyList<string> Failed { get; init; } = [];

    public DateTimeOffset? CompletedAt { get; init; }
}
