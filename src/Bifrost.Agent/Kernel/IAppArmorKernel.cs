namespace Bifrost.Agent.Kernel;

/// <summary>
/// The node kernel's AppArmor, as the loader needs it. The real one runs apparmor_parser and reads securityfs and
/// /proc; tests use one that mimics those files in a temporary directory.
/// </summary>
internal interface IAppArmorKernel
{
    /// <summary>Whether the kernel enforces AppArmor; where not, profiles are only compiled.</summary>
    bool Enabled { get; }

    /// <summary>Loads (or replaces) the profile in <paramref name="path"/>; where AppArmor is off, only compiles it.</summary>
    Task<ParserResult> LoadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Removes the named profile from the kernel.</summary>
    Task<ParserResult> RemoveAsync(string name, CancellationToken cancellationToken);

    /// <summary>The kernel's profile list: name to mode (enforce, complain, kill, unconfined …).</summary>
    IReadOnlyDictionary<string, string> ListLoaded();

    /// <summary>Profiles that confine at least one task on the node.</summary>
    IReadOnlySet<string> ConfinedProfiles();
}
