using Bifrost.Agent.Audit;
using Xunit;

namespace Bifrost.Agent.Tests.Support;

/// <summary>A fact that binds the kernel's audit multicast group; skipped with the kernel's reason when the bind is refused.</summary>
public sealed class NetlinkFactAttribute : FactAttribute
{
    public NetlinkFactAttribute()
    {
        using var source = NetlinkAuditSource.TryOpen(new AuditStats(), out var reason);
        if (source is null)
            Skip = reason;
    }
}
