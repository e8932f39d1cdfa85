using System.Diagnostics;

namespace Bifrost.Agent.Kernel;

/// <summary>Runs apparmor_parser with a timeout and returns its verdict and stderr.</summary>
internal sealed class ParserRunner(string parserPath, TimeSpan timeout)
{
    public async Task<ParserResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(parserPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return ParserResult.Failed($"cannot run {parserPath}: {e.Message}");
        }

        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return ParserResult.Failed($"{parserPath} did not finish within {timeout.TotalSeconds:0} s");
        }

        var error = (await stderr.ConfigureAwait(false)).Trim();
        await stdout.ConfigureAwait(false);
        return process.ExitCode == 0
            ? ParserResult.Ok
            : ParserResult.Failed(error.Length > 0 ? error : $"{parserPath} exited with {process.ExitCode}");
    }
}
