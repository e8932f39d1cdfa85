using System.CommandLine;

namespace Bifrost.Cli;

/// <summary>One <c>bifrost</c> subcommand. Each lives in its own file under Commands/ and is listed in <see cref="BifrostCli"/>.</summary>
internal interface ICommand
{
    /// <summary>The command with its options and its action, which reads and writes <paramref name="console"/>.</summary>
    Command Create(CliConsole console);
}
