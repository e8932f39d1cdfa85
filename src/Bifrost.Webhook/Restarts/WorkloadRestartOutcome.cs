namespace Bifrost.Webhook.Restarts;

internal enum WorkloadRestartOutcome
{
    /// <summary>Neither the workload nor its profile asked for a restart.</summary>
    NotOptedIn,

    /// <summary>The pod template was marked; the workload's controller replaces the pods in its rolling way.</summary>
    Restarted,

    /// <summary>Asked for, but this kind of workload is not restarted (bare pods, Jobs, CronJobs; anything without a cluster).</summary>
    Unsupported,

    /// <summary>Asked for and attempted, but the API server refused or the workload is gone.</summary>
    Failed,
}
