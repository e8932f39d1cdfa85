using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Bifrost.Cli.CommandLine;
using Bifrost.Cli.Commands;

namespace Bifrost.Cli;

/// <summary>
/// The <c>bifrost</c> entry point: the command tree on System.CommandLine, help with exit codes, and every failure
/// turned into a plain message and one of <see cref="ExitCodes"/>.
/// </summary>
internal static class BifrostCli
{
    public const string Description = """
        Bifrost learns AppArmor profiles for Kubernetes workloads from what their pods do, then enforces them.
        inject, learn, profile and vex work on one machine; install, uninstall, status, show, diff, approve, relearn
        and check use your kubeconfig. Run 'bifrost <command> --help' for a command's options.
        """;

    // '@file' is an ordinary argument (a command's own, after 'learn --'), not a response file to expand.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    private static readonly ICommand[] Commands =
    [
        new InjectCommand(), new LearnCommand(), new ProfileCommand(), new VexCommand(),
        new InstallCommand(), new UninstallCommand(),
        new StatusCommand(), new ShowCommand(), new DiffCommand(), new ApproveCommand(), new RelearnCommand(), new CheckCommand(),
    ];

    public static RootCommand Create(CliConsole console)
    {
        var root = new RootCommand(Description);
        foreach (var command in Commands)
            root.Subcommands.Add(command.Create(console));

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((HelpAction)help.Action!);

        // With no command, the overview goes to standard error as a usage error.
        root.SetAction(_ =>
        {
            HelpFor(root, [], console.Error);
            return ExitCodes.Usage;
        });

        var topic = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore };
        var helpCommand = new Command("help", "Show help for a command") { Hidden = true };
        helpCommand.Arguments.Add(topic);
        helpCommand.SetAction(r =>
        {
            var path = r.GetValue(topic) ?? [];
            Command? command = root;
            foreach (var word in path)
                command = command?.Subcommands.FirstOrDefault(c => c.Name == word && !c.Hidden);
            if (command is null)
            {
                console.Error.WriteLine($"bifrost help: no command '{string.Join(' ', path)}'{Suggestions.Phrase(path[^1], root)}\nSee 'bifrost --help'.");
                return ExitCodes.Usage;
            }

            return HelpFor(root, path, console.Out);
        });
        root.Subcommands.Add(helpCommand);

        var version = new Command("version", "Show the version") { Hidden = true };
        version.SetAction(_ => HelpFor(root, ["--version"], console.Out, help: false));
        root.Subcommands.Add(version);
        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = Create(console);
        var result = root.Parse(args, Parsing);
        if (result.Action is ParseErrorAction)
            return await ParseErrors.WriteAsync(result, console.Error).ConfigureAwait(false);

        var path = ParseErrors.Path(result.CommandResult);
        try
        {
            return await result.InvokeAsync(Invocation(console.Out, console.Error), cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"{path}: {e.Message}\nSee '{path} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"{path}: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The last resort: a fault is one plain line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await console.Error.WriteLineAsync($"{path}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Internal;
        }
    }

    /// <summary>Prints the help of the command named by <paramref name="path"/> (or the version) to <paramref name="output"/>.</summary>
    private static int HelpFor(RootCommand root, string[] path, TextWriter output, bool help = true)
    {
        root.Parse(help ? [.. path, "--help"] : path, Parsing).Invoke(Invocation(output, output));
        return ExitCodes.Success;
    }

    private static InvocationConfiguration Invocation(TextWriter output, TextWriter error) => new()
    {
        Output = output,
        Error = error,
        // Failures are caught above and printed as one line; Ctrl-C is the caller's token, so learn can wait for its command.
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
    };
}
