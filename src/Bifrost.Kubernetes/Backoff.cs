namespace Bifrost.Kubernetes;

/// <summary>
/// How long to wait after failed calls to the API server: doubled on each failure in a row from
/// <see cref="Min"/> up to <see cref="Max"/>, with ±20 % jitter so that many replicas or agents do not hit a
/// recovering API server in step.
/// </summary>
public sealed record Backoff(TimeSpan Min, TimeSpan Max)
{
    /// <summary>From <c>Bifrost:Kubernetes:MinBackoff</c> and <c>MaxBackoff</c>.</summary>
    public static Backoff Of(KubernetesOptions options) => new(options.MinBackoff, options.MaxBackoff);

    /// <summary>The wait before the next attempt after <paramref name="failures"/> failures in a row (1 or more).</summary>
    public TimeSpan Delay(int failures)
    {
        var doubled = Min * Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        var capped = doubled < Max ? doubled : Max;
        return capped * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }
}
