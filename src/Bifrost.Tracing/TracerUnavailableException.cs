namespace Bifrost.Tracing;

/// <summary>Tracing cannot start here; the message says what is missing, in one line.</summary>
public sealed class TracerUnavailableException : Exception
{
    public TracerUnavailableException()
    {
    }

    public TracerUnavailableException(string message)
        : base(message)
    {
    }

    public TracerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
