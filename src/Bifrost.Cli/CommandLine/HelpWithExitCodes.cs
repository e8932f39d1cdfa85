using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Bifrost.Cli.CommandLine;

/// <summary>System.CommandLine's help, followed by the exit codes of the command it describes.</summary>
internal sealed class HelpWithExitCodes(HelpAction help) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command is BifrostCommand { Details: { } details } described)
        {
            var summary = described.Description;
            described.Description = summary + "\n\n" + details;
            help.Invoke(parseResult);
            described.Description = summary;
        }
        else
        {
            help.Invoke(parseResult);
        }

        parseResult.InvocationConfiguration.Output.Write(parseResult.CommandResult.Command switch
        {
            BifrostCommand command => ExitCodes.Describe(command.ExitCodes, command.ExitCodeNote),
            RootCommand => ExitCodes.Describe(),
            _ => "",
        });
        return ExitCodes.Success;
    }
}
