using Bifrost.Agent.Audit;

namespace Bifrost.Agent.Tests.Support;

/// <summary>Binding the kernel's audit multicast group; the kernel's reason when the bind is refused.</summary>
public sealed class AuditNetlink : IRequirement
{
    public string? Problem
    {
        get
        {
            using var source = NetlinkAuditSource.TryOpen(new AuditStats(), out var reason);
            return source is null ? reason : null;
        }
    }
}
