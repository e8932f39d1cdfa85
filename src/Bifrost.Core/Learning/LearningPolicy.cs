namespace Bifrost.Core.Learning;

/// <summary>
/// When a container's learned profile counts as stable. Defaults suit production; each can be changed by
/// settings (<c>Bifrost:Learning</c>) and per workload by annotations on the pod template.
/// </summary>
public sealed record LearningPolicy
{
    public const string SectionName = "Bifrost:Learning";
    public const string MinimumLearningPeriodAnnotation = "bifrost.io/min-learning-period";
    public const string QuietPeriodAnnotation = "bifrost.io/quiet-period";
    public const string MinimumPodsAnnotation = "bifrost.io/min-pods";

    /// <summary>Time since learning started before a profile may be stable.</summary>
    public TimeSpan MinimumLearningPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Time without a new generalised rule before a profile may be stable.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Distinct pods whose observations were merged.</summary>
    public int MinimumPods { get; init; } = 1;

    public IEnumerable<string> Validate()
    {
        if (MinimumLearningPeriod < TimeSpan.Zero)
            yield return $"{SectionName}:MinimumLearningPeriod must not be negative, got {MinimumLearningPeriod}.";
        if (QuietPeriod <= TimeSpan.Zero)
            yield return $"{SectionName}:QuietPeriod must be positive, got {QuietPeriod}.";
        if (MinimumPods < 1)
            yield return $"{SectionName}:MinimumPods must be at least 1, got {MinimumPods}.";
    }

    /// <summary>This policy with a workload's annotation overrides; a malformed value is ignored and reported.</summary>
    public LearningPolicy WithOverrides(IReadOnlyDictionary<string, string>? annotations, ICollection<string> problems)
    {
        if (annotations is null)
            return this;
        var policy = this;
        if (annotations.TryGetValue(MinimumLearningPeriodAnnotation, out var minimum))
        {
            if (GoDuration.TryParse(minimum, out var value) && value >= TimeSpan.Zero)
                policy = policy with { MinimumLearningPeriod = value };
            else
                problems.Add($"{MinimumLearningPeriodAnnotation}: '{minimum}' is not a duration such as 2h or 90m");
        }

        if (annotations.TryGetValue(QuietPeriodAnnotation, out var quiet))
        {
            if (GoDuration.TryParse(quiet, out var value) && value > TimeSpan.Zero)
                policy = policy with { QuietPeriod = value };
            else
                problems.Add($"{QuietPeriodAnnotation}: '{quiet}' is not a positive duration such as 30m");
        }

        if (annotations.TryGetValue(MinimumPodsAnnotation, out var pods))
        {
            if (int.TryParse(pods, out var value) && value >= 1)
                policy = policy with { MinimumPods = value };
            else
                problems.Add($"{MinimumPodsAnnotation}: '{pods}' is not a whole number of at least 1");
        }

        return policy;
    }
}
