namespace Bifrost.Cli;

/// <summary>A command line that cannot be run: <see cref="BifrostCli"/> prints the message and where the help is, and exits 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
