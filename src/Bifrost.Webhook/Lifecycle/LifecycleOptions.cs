using Bifrost.Core.Learning;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>How often the controller looks at every profile. Bound from <c>Bifrost:Learning</c> beside the policy.</summary>
internal sealed record LifecycleOptions
{
    public TimeSpan EvaluateInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the local node gate finds apparmor_parser.</summary>
    public string ParserPath { get; init; } = "apparmor_parser";

    /// <summary>
    /// Local mode beside a node agent in local mode: the file the agent writes its status to
    /// (<c>Bifrost:Agent:Local:NodeStatusFile</c>). When set, the agent loads the profiles and the gate reads this file;
    /// unset, the webhook runs apparmor_parser itself.
    /// </summary>
    public string? AgentStatusFile { get; init; }

    /// <summary>
    /// What a stable workload does when neither its annotation nor its namespace's label <c>bifrost.io/enforcement</c>
    /// says: Auto enforces once every node has the profile, Manual waits for approval.
    /// </summary>
    public EnforcementMode Enforcement { get; init; } = EnforcementMode.Auto;

    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Enforcement))
            yield return $"Bifrost:Learning:Enforcement must be Auto or Manual, got {Enforcement}.";
        if (EvaluateInterval < TimeSpan.FromMilliseconds(200) || EvaluateInterval > TimeSpan.FromMinutes(10))
            yield return $"Bifrost:Learning:EvaluateInterval must be between 200 ms and 10 min, got {EvaluateInterval}.";
        if (string.IsNullOrWhiteSpace(ParserPath))
            yield return "Bifrost:Learning:ParserPath must name apparmor_parser.";
        // The agent creates the file and its directory on its first reconcile, which may come after the webhook starts.
        if (AgentStatusFile is { Length: > 0 } file && Directory.Exists(file))
            yield return $"Bifrost:Learning:AgentStatusFile: {file} is a directory; name the agent's Local:NodeStatusFile.";
    }
}
