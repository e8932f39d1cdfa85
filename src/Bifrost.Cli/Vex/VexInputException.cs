namespace Bifrost.Cli.Vex;

/// <summary>An input of <c>bifrost vex</c> that cannot be read or used; the message is the one line printed.</summary>
internal sealed class VexInputException : Exception
{
    public VexInputException()
    {
    }

    public VexInputException(string message)
        : base(message)
    {
    }

    public VexInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
