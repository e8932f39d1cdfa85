using Bifrost.Core.Wire;
namespace Bifrost.Agent;

/// <summary>How the node agent loads profiles and reads audit records. Bound from <c>Bifrost:Agent</c>.</summary>
public sealed record AgentOptions
{
    public const string SectionName = "Bifrost:Agent";

    /// <summary>This node's name: the BifrostNode object the agent writes (the DaemonSet passes spec.nodeName).</summary>
    public string NodeName { get; init; } = "";

    /// <summary>Bifrost's own directory of profile files on the host, where the host's AppArmor service finds them at boot.</summary>
    public string ProfileDirectory { get; init; } = "/etc/apparmor.d/bifrost";

    /// <summary>The agent's record of what it loaded: ownership survives restarts through it.</summary>
    public string StateFile { get; init; } = "/var/lib/bifrost/agent-state.json";

    public string ParserPath { get; init; } = "apparmor_parser";

    /// <summary>Directories for the parser's <c>-I</c>, for profiles that include abstractions.</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>A compiled-policy cache of Bifrost's own (<c>--cache-loc</c>); empty: no cache, <c>-K</c>.</summary>
    public string CacheDirectory { get; init; } = "";

    public TimeSpan ParserTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Parser processes run at once.</summary>
    public int ParserConcurrency { get; init; } = 2;

    /// <summary>AppArmor's securityfs directory (with <c>profiles</c> and <c>.remove</c>).</summary>
    public string SecurityFsDirectory { get; init; } = "/sys/kernel/security/apparmor";

    /// <summary>Where task labels are read (<c>&lt;root&gt;/&lt;pid&gt;/attr/current</c>); the host's /proc with hostPID.</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>Where sysfs is read for BTF and the cgroup v2 root (<see cref="Kernel.NodeKernel"/>).</summary>
    public string SysRoot { get; init; } = "/sys";

    /// <summary>Full reconcile even when nothing changed, to repair drift (a profile removed by hand).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(5);

    public AuditSourceKind AuditSource { get; init; } = AuditSourceKind.Auto;
    public string AuditLogPath { get; init; } = "/var/log/audit/audit.log";
    public string KmsgPath { get; init; } = "/dev/kmsg";

    public TimeSpan RollbackGather { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RollbackCooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The webhook service's https URL: ALLOWED records of learning profiles and rollback decisions go to its
    /// <c>/v1/observations</c>. Empty: they are only logged.
    /// </summary>
    public string ReportEndpoint { get; init; } = "";

    /// <summary>The projected service-account token (audience <c>bifrost</c>) reports carry, re-read before every send.</summary>
    public string TokenFile { get; init; } = IntakeApi.DefaultTokenFile;

    /// <summary>PEM bundle trusted for the webhook's certificate; the system store when empty.</summary>
    public string CaFile { get; init; } = "";

    /// <summary>The agent's own pod (downward API): reports are sent as it, and the webhook checks the token is its.</summary>
    public string PodNamespace { get; init; } = "";
    public string PodName { get; init; } = "";
    public string PodUid { get; init; } = "";

    /// <summary>Reports held while the webhook cannot be reached; past it the oldest learning report is dropped and counted.</summary>
    public int MaxPendingReports { get; init; } = 1000;

    /// <summary>
    /// How often the packages in use are matched again (per image: read once through a running container's
    /// <c>/proc/PID/root</c>, then matched whenever the workload's observations change). Zero turns it off; it needs
    /// <see cref="ReportEndpoint"/>.
    /// </summary>
    public TimeSpan PackageScanInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Without an API server: profiles and pods from directories, the node status to a file.</summary>
    public AgentLocalOptions Local { get; init; } = new();

    /// <summary>Local port for /healthz, /readyz and /metrics.</summary>
    public int HealthPort { get; init; } = 9810;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName))
            yield return "Bifrost:Agent:NodeName must name this node (set it from spec.nodeName).";
        if (!Path.IsPathRooted(ProfileDirectory))
            yield return "Bifrost:Agent:ProfileDirectory must be an absolute path.";
        if (PackageScanInterval < TimeSpan.Zero)
            yield return "Bifrost:Agent:PackageScanInterval must not be negative (zero turns the package scan off).";
        if (!Path.IsPathRooted(StateFile))
            yield return "Bifrost:Agent:StateFile must be an absolute path.";
        if (string.IsNullOrWhiteSpace(ParserPath))
            yield return "Bifrost:Agent:ParserPath must name apparmor_parser.";
        if (ParserTimeout <= TimeSpan.Zero)
            yield return "Bifrost:Agent:ParserTimeout must be positive.";
        if (ParserConcurrency is < 1 or > 64)
            yield return "Bifrost:Agent:ParserConcurrency must be between 1 and 64.";
        if (ResyncInterval < TimeSpan.FromSeconds(5))
            yield return "Bifrost:Agent:ResyncInterval must be at least 5 seconds.";
        if (RollbackGather <= TimeSpan.Zero || RollbackCooldown < TimeSpan.Zero)
            yield return "Bifrost:Agent:RollbackGather must be positive and RollbackCooldown not negative.";
        if (ReportEndpoint.Length > 0 && (!Uri.TryCreate(ReportEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps))
            yield return $"Bifrost:Agent:ReportEndpoint must be an https URL, got '{ReportEndpoint}'.";
        if (ReportEndpoint.Length > 0 && (PodNamespace.Length == 0 || PodName.Length == 0 || PodUid.Length == 0))
            yield return "Bifrost:Agent:PodNamespace, PodName and PodUid must name the agent's pod (downward API) when ReportEndpoint is set.";
        if (CaFile.Length > 0 && !File.Exists(CaFile))
            yield return $"Bifrost:Agent:CaFile: {CaFile} does not exist.";
        foreach (var directory in IncludeDirectories.Where(d => !Directory.Exists(d)))
            yield return $"Bifrost:Agent:IncludeDirectories: directory {directory} does not exist.";
        if (MaxPendingReports < 1)
            yield return "Bifrost:Agent:MaxPendingReports must be at least 1.";
        if (HealthPort is < 1 or > 65535)
            yield return "Bifrost:Agent:HealthPort must be a TCP port.";
        foreach (var error in Local.Validate())
            yield return error;
    }
}
