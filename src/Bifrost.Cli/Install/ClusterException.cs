namespace Bifrost.Cli.Install;

/// <summary>The API server refused a request or could not be reached; the message says which request and why.</summary>
internal sealed class ClusterException : Exception
{
    public ClusterException(string message) : base(message)
    {
    }

    public ClusterException(string message, Exception inner) : base(message, inner)
    {
    }
}
