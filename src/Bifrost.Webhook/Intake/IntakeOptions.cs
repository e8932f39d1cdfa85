using Bifrost.Core.Wire;
namespace Bifrost.Webhook.Intake;

/// <summary>How tracer reports are received. Bound from <c>Bifrost:Intake</c>.</summary>
internal sealed record IntakeOptions
{
    public const string SectionName = "Bifrost:Intake";

    /// <summary>Largest report body; larger gets a 413.</summary>
    public long MaxReportBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most observations in one report.</summary>
    public int MaxObservations { get; init; } = 100_000;

    /// <summary>Where acknowledged reports wait until they are merged into the profile store (an emptyDir in a cluster).</summary>
    public string WalDirectory { get; init; } = "artifacts/intake";

    /// <summary>How often waiting reports are merged: one store write per workload per interval, however many tracers report.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Audience the tracers' projected tokens must carry.</summary>
    public string Audience { get; init; } = IntakeApi.TokenAudience;

    /// <summary>
    /// The node agents' service account (<c>namespace:name</c>): only its pods may send what AppArmor's records
    /// showed (<c>audit</c>, <c>denied</c>) about workloads of any namespace.
    /// </summary>
    public string AgentServiceAccount { get; init; } = "bifrost-system:bifrost-agent";

    /// <summary>Local mode: the token file tracers present (created owner-only when missing).</summary>
    public string TokenFile { get; init; } = "artifacts/intake/token";

    public IEnumerable<string> Validate()
    {
        if (MaxReportBytes is < 1024 or > 64L * 1024 * 1024)
            yield return $"{SectionName}:MaxReportBytes must be between 1024 and 67108864 bytes, got {MaxReportBytes}.";
        if (MaxObservations < 1)
            yield return $"{SectionName}:MaxObservations must be at least 1, got {MaxObservations}.";
        if (string.IsNullOrWhiteSpace(WalDirectory))
            yield return $"{SectionName}:WalDirectory must name a writable directory.";
        if (FlushInterval < TimeSpan.FromMilliseconds(100) || FlushInterval > TimeSpan.FromMinutes(5))
            yield return $"{SectionName}:FlushInterval must be between 100 ms and 5 min, got {FlushInterval}.";
        if (string.IsNullOrWhiteSpace(TokenFile))
            yield return $"{SectionName}:TokenFile must name a file (local mode: the token tracers present).";
        if (string.IsNullOrWhiteSpace(Audience))
            yield return $"{SectionName}:Audience must not be empty.";
        if (AgentServiceAccount.Split(':') is not [{ Length: > 0 }, { Length: > 0 }])
            yield return $"{SectionName}:AgentServiceAccount must be namespace:name, got '{AgentServiceAccount}'.";
    }
}
