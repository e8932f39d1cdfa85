namespace Bifrost.Cli.Cluster;

/// <summary>One preflight check's outcome: a mark, a one-line reason, and what to do when it is not fine.</summary>
internal sealed record CheckResult(CheckOutcome Outcome, string Name, string Reason, string? Hint = null)
{
    public static CheckResult Ok(string name, string reason) => new(CheckOutcome.Ok, name, reason);

    public static CheckResult Warning(string name, string reason, string hint) => new(CheckOutcome.Warning, name, reason, hint);

    public static CheckResult Failed(string name, string reason, string hint) => new(CheckOutcome.Failed, name, reason, hint);

    public string Mark => Outcome switch
    {
        CheckOutcome.Ok => "✓",
        CheckOutcome.Warning => "‼",
        _ => "✗",
    };
}

internal enum CheckOutcome
{
    Ok,
    Warning,
    Failed,
}
