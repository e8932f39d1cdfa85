using Bifrost.Agent.Audit;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Loading;
using Bifrost.Agent.Packages;
using Bifrost.Core.Profiles;
using Prometheus;

namespace Bifrost.Agent.Hosting;

/// <summary>The agent's metrics, read from its counters when Prometheus scrapes.</summary>
/// <remarks>
/// The running totals are Prometheus counters (<c>_total</c>) so that <c>rate</c> and <c>increase</c> apply; they are
/// raised to the stats' totals on each scrape, which only ever grow, so a counter never goes down.
/// </remarks>
internal sealed class AgentMetrics(AuditStats audit, ProfileLoader loader, AgentStatus status, PackageStats packages)
{
    public void Register(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var lines = factory.CreateCounter("bifrost_agent_audit_lines_total", "Audit lines read since start.");
        var records = factory.CreateCounter("bifrost_agent_audit_records_total", "AppArmor access records parsed since start.");
        var lost = factory.CreateCounter("bifrost_agent_audit_lost_events_total", "Events of audit records lost before the agent read them, by cause.", "cause");
        var kernelLost = factory.CreateGauge("bifrost_agent_audit_kernel_lost_total_seen", "The kernel's own count of lost audit records (audit_lost=), as last seen.");
        var source = factory.CreateGauge("bifrost_agent_audit_source_info", "The audit source in use (value 1).", "source");
        var profiles = factory.CreateGauge("bifrost_agent_profiles", "Desired profiles by state.", "state");
        var owned = factory.CreateGauge("bifrost_agent_profiles_owned", "Profiles the agent holds, desired or still in use.");
        var ready = factory.CreateGauge("bifrost_agent_ready", "1 when the node has every profile it needs.");
        var denied = factory.CreateCounter("bifrost_agent_denied_records_total", "DENIED records of Bifrost's enforce profiles since start.");
        var reports = factory.CreateCounter("bifrost_agent_reports_total", "Reports to the webhook's intake since start, by result (sent, failed, dropped).", "result");
        var pending = factory.CreateGauge("bifrost_agent_reports_pending", "Reports waiting to be acknowledged by the webhook's intake.");
        var unattributed = factory.CreateCounter("bifrost_agent_unattributed_observations_total", "Observations of profiles that belong to no workload (the bootstrap profile).");
        var packageReads = factory.CreateCounter("bifrost_agent_package_reads_total", "Package databases of running containers' images read since start, by result (read, no-database, failed, no-process).", "result");
        var packageReports = factory.CreateCounter("bifrost_agent_package_reports_total", "Reports of packages in use to the webhook's intake since start, by result (sent, failed).", "result");
        registry.AddBeforeCollectCallback(() =>
        {
            lines.IncTo(audit.Lines);
            records.IncTo(audit.Records);
            lost.WithLabels("netlink_enobufs").IncTo(audit.LostNetlink);
            lost.WithLabels("kmsg_overwritten").IncTo(audit.LostKmsg);
            lost.WithLabels("kernel_limit").IncTo(audit.LostKernel);
            kernelLost.Set(audit.KernelLostTotal);
            source.WithLabels(status.AuditSource).Set(1);
            var statuses = loader.Statuses;
            foreach (var state in Enum.GetValues<NodeProfileState>())
                profiles.WithLabels(state.ToString()).Set(statuses.Count(s => s.State == state));
            owned.Set(loader.Owned);
            ready.Set(loader.Ready && status.Synced ? 1 : 0);
            denied.IncTo(audit.Denied);
            reports.WithLabels("sent").IncTo(audit.ReportsSent);
            reports.WithLabels("failed").IncTo(audit.ReportFailures);
            reports.WithLabels("dropped").IncTo(audit.ReportsDropped);
            pending.Set(audit.ReportsPending);
            unattributed.IncTo(audit.Unattributed);
            foreach (var result in PackageStats.ReadResults)
                packageReads.WithLabels(result).IncTo(packages.Reads.GetValueOrDefault(result));
            packageReports.WithLabels("sent").IncTo(packages.ReportsSent);
            packageReports.WithLabels("failed").IncTo(packages.ReportFailures);
        });
    }
}
