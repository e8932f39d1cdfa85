using System.Net;

namespace Bifrost.Cli.Cluster;

/// <summary>
/// The cluster could not be used: no kubeconfig, an unknown context, an API server that cannot be reached, or one that
/// refused or did not find what was asked. The message is one plain line; <see cref="Status"/> is the HTTP status, if any.
/// </summary>
internal sealed class ClusterException : Exception
{
    public ClusterException()
    {
    }

    public ClusterException(string message)
        : base(message)
    {
    }

    public ClusterException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ClusterException(string message, HttpStatusCode status, Exception inner)
        : base(message, inner) => Status = status;

    public HttpStatusCode? Status { get; }
}
