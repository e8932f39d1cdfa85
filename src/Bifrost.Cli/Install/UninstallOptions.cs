namespace Bifrost.Cli.Install;

/// <summary>What <c>bifrost uninstall</c> removes and how long it waits for the node agents.</summary>
internal sealed record UninstallOptions
{
    public string Namespace { get; init; } = InstallOptions.DefaultNamespace;

    /// <summary>Keep the CRDs, and so every BifrostProfile, for a later install.</summary>
    public bool KeepProfiles { get; init; }

    /// <summary>Go on when some node agents did not confirm in time.</summary>
    public bool Force { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
