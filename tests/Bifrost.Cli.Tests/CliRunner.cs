namespace Bifrost.Cli.Tests;

/// <summary>Runs <c>bifrost</c> in-process through its entry method, with captured streams.</summary>
internal static class CliRunner
{
    public static async Task<CliRun> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BifrostCli.RunAsync(args, new CliConsole(input, output, error), CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Writes <paramref name="text"/> to a temporary file and runs <c>bifrost inject -f</c> on it.</summary>
    public static async Task<CliRun> InjectAsync(string text, string extension = ".yaml", params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bifrost-inject-{Guid.NewGuid():N}{extension}");
        await File.WriteAllTextAsync(path, text);
        try
        {
            return await RunAsync("", ["inject", "-f", path, .. options]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

internal sealed record CliRun(int ExitCode, string Out, string Error);
