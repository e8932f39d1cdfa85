namespace Bifrost.Agent;

/// <summary>
/// Local mode, for one machine and the kernel VM: BifrostProfiles and pods come from directories and the node status
/// goes to a file, with no API server. Bound from <c>Bifrost:Agent:Local</c>; all three paths or none.
/// </summary>
public sealed record AgentLocalOptions
{
    /// <summary>The webhook's local profile store: <c>&lt;namespace&gt;/&lt;name&gt;.json</c>, one BifrostProfile each.</summary>
    public string ProfilesDirectory { get; init; } = "";

    /// <summary>Pods as <c>&lt;namespace&gt;_&lt;name&gt;.json</c>, the webhook's <c>Bifrost:Pods:Directory</c> format.</summary>
    public string PodsDirectory { get; init; } = "";

    /// <summary>Where the BifrostNode (with its status) is written, replaced whole on every reconcile.</summary>
    public string NodeStatusFile { get; init; } = "";

    /// <summary>How often both directories are checked for changes.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public bool Enabled => ProfilesDirectory.Length > 0 || PodsDirectory.Length > 0 || NodeStatusFile.Length > 0;

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
            yield break;
        foreach (var (setting, value) in new[] { ("ProfilesDirectory", ProfilesDirectory), ("PodsDirectory", PodsDirectory), ("NodeStatusFile", NodeStatusFile) })
        {
            if (!Path.IsPathRooted(value))
                yield return $"Bifrost:Agent:Local:{setting} must be an absolute path when local mode is on (any Bifrost:Agent:Local path set), got '{value}'.";
        }

        if (PollInterval < TimeSpan.FromMilliseconds(50) || PollInterval > TimeSpan.FromMinutes(1))
            yield return "Bifrost:Agent:Local:PollInterval must be between 50 milliseconds and 1 minute.";
    }
}
