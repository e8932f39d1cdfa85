namespace Bifrost.Webhook.Reconcile;

/// <summary>The search for running pods that slipped past admission. Bound from <c>Bifrost:Reconcile</c>.</summary>
internal sealed record ReconcileOptions
{
    public const string SectionName = "Bifrost:Reconcile";

    /// <summary>Off: no pod is listed, nothing is counted.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the leader lists the running pods (and once at start, when the caches have synced).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Restart the Deployment, StatefulSet or DaemonSet of an unprotected pod in the rolling way of <c>kubectl rollout restart</c>.</summary>
    public bool RestartUnprotected { get; init; }

    /// <summary>The most workloads restarted in one round; the others wait for the next.</summary>
    public int MaxRestartsPerInterval { get; init; } = 2;

    /// <summary>How long after a restart the same workload is not restarted again, so a webhook still failing cannot make it loop.</summary>
    public TimeSpan RestartCooldown { get; init; } = TimeSpan.FromHours(1);

    public IEnumerable<string> Validate()
    {
        if (Interval < TimeSpan.FromSeconds(10) || Interval > TimeSpan.FromHours(24))
            yield return $"{SectionName}:Interval must be between 10 s and 24 h, got {Interval}.";
        if (MaxRestartsPerInterval is < 0 or > 100)
            yield return $"{SectionName}:MaxRestartsPerInterval must be between 0 and 100, got {MaxRestartsPerInterval}.";
        if (RestartCooldown < TimeSpan.Zero || RestartCooldown > TimeSpan.FromDays(7))
            yield return $"{SectionName}:RestartCooldown must be between 0 and 7 days, got {RestartCooldown}.";
    }
}
