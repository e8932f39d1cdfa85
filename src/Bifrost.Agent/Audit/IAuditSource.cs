namespace Bifrost.Agent.Audit;

/// <summary>A stream of raw audit record lines from one place on the node.</summary>
internal interface IAuditSource : IDisposable
{
    /// <summary>netlink, auditd-log or kmsg: what BifrostNode.status.auditSource says.</summary>
    string Name { get; }

    /// <summary>Lines as they arrive, until cancelled or the source ends.</summary>
    IAsyncEnumerable<string> ReadAsync(CancellationToken cancellationToken);
}
