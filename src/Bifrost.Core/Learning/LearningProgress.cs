namespace Bifrost.Core.Learning;

/// <summary>What the stability decision looks at for one container of a workload.</summary>
public sealed record LearningProgress
{
    public required DateTimeOffset LearningSince { get; init; }

    /// <summary>
    /// When the last new generalised rule appeared, or the last report that had dropped events (a drop may
    /// have hidden a new rule, so it restarts the quiet period); null while nothing has been observed.
    /// </summary>
    public DateTimeOffset? LastNewRuleAt { get; init; }

    public required int Pods { get; init; }
    public required int Rules { get; init; }
}
