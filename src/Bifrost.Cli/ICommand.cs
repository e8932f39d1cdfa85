namespace Bifrost.Cli;

/// <summary>One <c>bifrost</c> subcommand. Each lives in its own file under Commands/ and is listed in <see cref="BifrostCli"/>.</summary>
internal interface ICommand
{
    /// <summary>The word after <c>bifrost</c>, e.g. <c>inject</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The full help text, starting with the usage line.</summary>
    string Help { get; }

    /// <summary>Runs with the arguments after the command name; throws <see cref="UsageException"/> for a bad command line.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken);
}
