namespace Bifrost.Webhook.Restarts;

/// <summary>What became of a restart, with the words for its Event and log line.</summary>
internal sealed record WorkloadRestart(WorkloadRestartOutcome Outcome, string Message)
{
    public static readonly WorkloadRestart NotOptedIn = new(WorkloadRestartOutcome.NotOptedIn, "not opted in");
}
