namespace Bifrost.Agent.Kernel;

/// <summary>The outcome of one parser run (or kernel write): success, or the message to report.</summary>
internal sealed record ParserResult(bool Success, string Message)
{
    public static ParserResult Ok { get; } = new(true, "");

    public static ParserResult Failed(string message) => new(false, message);
}
