using Bifrost.Agent.Audit;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Loading;
using Bifrost.Core.Profiles;
using Prometheus;

namespace Bifrost.Agent.Hosting;

/// <summary>The agent's metrics, read from its counters when Prometheus scrapes.</summary>
internal sealed class AgentMetrics(AuditStats audit, ProfileLoader loader, AgentStatus status)
{
    public void Register(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var lines = factory.CreateGauge("bifrost_agent_audit_lines", "Audit lines read since start.");
        var records = factory.CreateGauge("bifrost_agent_audit_records", "AppArmor access records parsed since start.");
        var lost = factory.CreateGauge("bifrost_agent_audit_lost_events", "Events of audit records lost before the agent read them, by cause.", "cause");
        var kernelLost = factory.CreateGauge("bifrost_agent_audit_kernel_lost_total_seen", "The kernel's own count of lost audit records (audit_lost=), as last seen.");
        var source = factory.CreateGauge("bifrost_agent_audit_source_info", "The audit source in use (value 1).", "source");
        var profiles = factory.CreateGauge("bifrost_agent_profiles", "Desired profiles by state.", "state");
        var owned = factory.CreateGauge("bifrost_agent_profiles_owned", "Profiles the agent holds, desired or still in use.");
        var ready = factory.CreateGauge("bifrost_agent_ready", "1 when the node has every profile it needs.");
        registry.AddBeforeCollectCallback(() =>
        {
            lines.Set(audit.Lines);
            records.Set(audit.Records);
            lost.WithLabels("netlink_enobufs").Set(audit.LostNetlink);
            lost.WithLabels("kmsg_overwritten").Set(audit.LostKmsg);
            lost.WithLabels("kernel_limit").Set(audit.LostKernel);
            kernelLost.Set(audit.KernelLostTotal);
            source.WithLabels(status.AuditSource).Set(1);
            var statuses = loader.Statuses;
            foreach (var state in Enum.GetValues<NodeProfileState>())
                profiles.WithLabels(state.ToString()).Set(statuses.Count(s => s.State == state));
            owned.Set(loader.Owned);
            ready.Set(loader.Ready && status.Synced ? 1 : 0);
        });
    }
}
