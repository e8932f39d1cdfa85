using System.CommandLine;

namespace Bifrost.Cli.CommandLine;

/// <summary>A command whose help ends with the exit codes it can return.</summary>
internal sealed class BifrostCommand(string name, string description) : Command(name, description)
{
    /// <summary>Paragraphs after the one-line description, in the command's own help only (not in its parent's list).</summary>
    public string? Details { get; init; }

    public IReadOnlyList<int> ExitCodes { get; set; } = [Cli.ExitCodes.Success, Cli.ExitCodes.Usage];

    /// <summary>A first line for the exit code table, for a code that is not one of <see cref="Cli.ExitCodes"/>.</summary>
    public string? ExitCodeNote { get; set; }
}
