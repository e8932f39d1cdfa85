namespace Bifrost.Core.Learning;

/// <summary>
/// A workload's <see cref="EnforcementMode"/> and where it came from, in words: the annotation
/// <c>bifrost.io/enforcement</c> on the workload or its pod template, the label of the same name on its namespace,
/// or the cluster's default (<c>Bifrost:Learning:Enforcement</c>), in that order.
/// </summary>
public sealed record EnforcementChoice(EnforcementMode Mode, string Source)
{
    public const string Key = "bifrost.io/enforcement";

    public static EnforcementChoice Default { get; } = new(EnforcementMode.Auto, "the default");

    /// <summary>
    /// The first of the workload's annotations, the namespace's labels and the default that says <c>auto</c> or
    /// <c>manual</c> (any case); another value is skipped and named in the source, so a typo is seen, not obeyed.
    /// </summary>
    public static EnforcementChoice Resolve(
        IReadOnlyDictionary<string, string>? workloadAnnotations, string workload,
        IReadOnlyDictionary<string, string>? namespaceLabels, string @namespace,
        EnforcementMode clusterDefault)
    {
        var ignored = new List<string>();
        if (Parse(workloadAnnotations, $"annotation {Key} on {workload}", ignored) is { } byWorkload)
            return byWorkload;
        if (Parse(namespaceLabels, $"label {Key} on namespace {@namespace}", ignored) is { } byNamespace)
            return byNamespace with { Source = byNamespace.Source + Ignored(ignored) };
        return new EnforcementChoice(clusterDefault, "the cluster default (Bifrost:Learning:Enforcement)" + Ignored(ignored));
    }

    private static EnforcementChoice? Parse(IReadOnlyDictionary<string, string>? values, string source, List<string> ignored)
    {
        if (values is null || !values.TryGetValue(Key, out var value))
            return null;
        if (Enum.TryParse<EnforcementMode>(value.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _))
            return new EnforcementChoice(mode, source);
        ignored.Add($"{source} is '{value}', not auto or manual");
        return null;
    }

    private static string Ignored(List<string> ignored) => ignored.Count == 0 ? "" : $" (ignored: {string.Join("; ", ignored)})";
}
