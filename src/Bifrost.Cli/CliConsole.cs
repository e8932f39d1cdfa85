namespace Bifrost.Cli;

/// <summary>The streams a command reads and writes, so tests run commands in-process.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(Console.In, Console.Out, Console.Error);
}
