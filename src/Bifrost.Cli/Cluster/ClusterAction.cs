namespace Bifrost.Cli.Cluster;

/// <summary>Runs a cluster command: a <see cref="ClusterException"/> becomes one line on standard error and exit code 5.</summary>
internal static class ClusterAction
{
    public static async Task<int> RunAsync(CliConsole console, string command, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ClusterException e)
        {
            await console.Error.WriteLineAsync($"bifrost {command}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Cluster;
        }
    }
}
