using Bifrost.Kubernetes.Leadership;

namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>Leadership a test sets by hand.</summary>
internal sealed class FixedLeadership(bool leading) : ILeadership
{
    public bool IsLeader { get; set; } = leading;
}
