using Bifrost.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await BifrostCli.RunAsync(args, CliConsole.System, cancel.Token).ConfigureAwait(false);
