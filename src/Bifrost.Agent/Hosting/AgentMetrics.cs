using Bifrost.Agent.Audit;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Loading;
using Bifrost.Agent.Packages;
using Bifrost.Core.Profiles;
using Prometheus;

namespace Bifrost.Agent.Hosting;

/// <summary>The agent's metrics, read from its counters when Prometheus scrapes.</summary>
internal sealed class AgentMetrics(AuditStats audit, ProfileLoader loader, AgentStatus status, PackageStats packages)
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
        var denied = factory.CreateGauge("bifrost_agent_denied_records", "DENIED records of Bifrost's enforce profiles since start.");
        var reports = factory.CreateGauge("bifrost_agent_reports", "Reports to the webhook's intake since start, by result (sent, failed, dropped).", "result");
        var pending = factory.CreateGauge("bifrost_agent_reports_pending", "Reports waiting to be acknowledged by the webhook's intake.");
        var unattributed = factory.CreateGauge("bifrost_agent_unattributed_observations", "Observations of profiles that belong to no workload (the bootstrap profile).");
        var packageReads = factory.CreateGauge("bifrost_agent_package_reads", "Package databases of running containers' images read since start, by result (read, no-database, failed, no-process).", "result");
        var packageReports = factory.CreateGauge("bifrost_agent_package_reports", "Reports of packages in use to the webhook's intake since start, by result (sent, failed).", "result");
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
            denied.Set(audit.Denied);
            reports.WithLabels("sent").Set(audit.ReportsSent);
            reports.WithLabels("failed").Set(audit.ReportFailures);
            reports.WithLabels("dropped").Set(audit.ReportsDropped);
            pending.Set(audit.ReportsPending);
            unattributed.Set(audit.Unattributed);
            foreach (var result in PackageStats.ReadResults)
                packageReads.WithLabels(result).Set(packages.Reads.GetValueOrDefault(result));
            packageReports.WithLabels("sent").Set(packages.ReportsSent);
            packageReports.WithLabels("failed").Set(packages.ReportFailures);
        });
    }
}
