namespace Bifrost.Agent.Audit;

/// <summary>
/// Picks where audit records come from. Netlink first: it sees every record whether or not an audit daemon runs.
/// Then the audit daemon's log, where one runs (AppArmor records then go to it, not to the kernel log). Then
/// /dev/kmsg, where the kernel prints records when no daemon takes them.
/// </summary>
internal sealed class AuditSourceSelector(AgentOptions options, AuditStats stats, TimeProvider time, ILogger<AuditSourceSelector> logger)
{
    public IAuditSource? Select()
    {
        var kind = options.AuditSource;
        if (kind is AuditSourceKind.Auto or AuditSourceKind.Netlink)
        {
            if (NetlinkAuditSource.TryOpen(stats, out var reason) is { } netlink)
                return Chosen(netlink);
            AuditLog.SourceSkipped(logger, "netlink", reason);
            if (kind == AuditSourceKind.Netlink)
                return null;
        }

        if (kind == AuditSourceKind.AuditdLog || (kind == AuditSourceKind.Auto && AuditdRuns()))
            return Chosen(new AuditLogTailer(options.AuditLogPath, time));
        if (kind is AuditSourceKind.Auto or AuditSourceKind.Kmsg)
        {
            if (File.Exists(options.KmsgPath))
                return Chosen(new KmsgAuditSource(options.KmsgPath, stats));
            AuditLog.KmsgMissing(logger, options.KmsgPath);
        }

        AuditLog.NoSource(logger);
        return null;
    }

    private IAuditSource Chosen(IAuditSource source)
    {
        AuditLog.SourceChosen(logger, source.Name);
        return source;
    }

    /// <summary>An audit daemon writes its log: the file exists and is not empty.</summary>
    private bool AuditdRuns()
    {
        var log = new FileInfo(options.AuditLogPath);
        return log.Exists && log.Length > 0;
    }
}
