using Microsoft.Extensions.Logging;

namespace Bifrost.Cli.Learn;

/// <summary>Shows the reporter's warnings (a refused or failed send, with its reason) on standard error.</summary>
internal sealed class ErrorLogger(TextWriter error) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            error.WriteLine("bifrost learn: " + formatter(state, exception));
    }
}
