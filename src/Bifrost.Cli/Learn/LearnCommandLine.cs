using System.CommandLine;
using System.Globalization;
using Bifrost.Core.AppArmor;
using Bifrost.Tracing.Local;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Cli.Learn;

/// <summary>The options and the command argument of <c>bifrost learn</c>, and how they become <see cref="LearnOptions"/>.</summary>
internal sealed class LearnCommandLine
{
    private readonly Option<string> format = new("--format") { Description = "what to print", HelpName = "profile|observations", DefaultValueFactory = _ => "profile" };
    private readonly Option<string> mode = new("--mode") { Description = "the profile's mode", HelpName = "enforce|complain", DefaultValueFactory = _ => "enforce" };
    private readonly Option<string> name = new("--name") { Description = "the profile's name (default: bifrost_local_<command>)", HelpName = "NAME" };
    private readonly Option<string> container = new("--container") { Description = "the container name recorded in observations (default: local); with --report, the pod's container the rules land on", HelpName = "NAME" };
    private readonly Option<string> output = new("--output", "-o") { Description = "write the profile or observations to FILE", HelpName = "FILE" };
    private readonly Option<string> root = new("--root") { Description = "run COMMAND inside the root filesystem DIR (it needs a /bin/sh)", HelpName = "DIR" };
    private readonly Option<string> ringBytes = new("--ring-bytes") { Description = "the kernel ring buffer's size (a power of two; default 4 MiB)", HelpName = "N" };
    private readonly Option<string> hooks = new("--hooks") { Description = "where the kernel side hooks: auto, the LSM hooks where this kernel loads fentry, else raw; lsm, only those; raw, one program on every syscall, detached at once; tracepoints, only the recorded syscalls', cheaper for the others but ~1.5 s to detach when COMMAND exits", HelpName = "auto|lsm|raw|tracepoints", DefaultValueFactory = _ => "auto" };
    private readonly Option<string> report = new("--report") { Description = "after printing, report to this Bifrost webhook's base https URL (URL/v1/observations), as a learning pod's tracer would", HelpName = "URL" };
    private readonly Option<string> tokenFile = new("--token-file") { Description = "--report: the bearer token (the webhook's Bifrost:Intake:TokenFile in local mode)", HelpName = "FILE" };
    private readonly Option<string> caFile = new("--ca-file") { Description = "--report: PEM CA bundle to trust for URL (default: the system store)", HelpName = "FILE" };
    private readonly Option<string> pod = new("--pod") { Description = "--report: the pod the observations are reported for", HelpName = "NAMESPACE/NAME" };
    private readonly Option<string> podUid = new("--pod-uid") { Description = "--report: its UID (default: a stable hash of NAMESPACE/NAME)", HelpName = "UID" };
    private readonly Option<string> workload = new("--workload") { Description = "--report: its workload, e.g. Deployment/web", HelpName = "KIND/NAME" };
    private readonly Option<string> reportTimeout = new("--report-timeout") { Description = "--report: how long to resend before giving up (default: 30)", HelpName = "SECONDS" };

    public LearnCommandLine()
    {
        format.AcceptOnlyFromAmong("profile", "observations");
        mode.AcceptOnlyFromAmong("enforce", "complain");
        hooks.AcceptOnlyFromAmong("auto", "lsm", "raw", "tracepoints");
    }

    /// <summary>COMMAND and its arguments, everything after <c>--</c>.</summary>
    public Argument<string[]> Command { get; } = new("COMMAND") { Description = "the command to learn and its arguments, after '--'", Arity = ArgumentArity.ZeroOrMore };

    public IEnumerable<Option> Options => [format, mode, name, container, output, root, hooks, ringBytes, report, tokenFile, caFile, pod, podUid, workload, reportTimeout];

    /// <summary>Parses <c>learn</c>'s options alone (no command), as <c>bifrost learn OPTIONS -- true</c> would.</summary>
    public static LearnOptions Parse(IReadOnlyList<string> options)
    {
        var line = new LearnCommandLine();
        var command = new Command("learn");
        foreach (var option in line.Options)
            command.Options.Add(option);
        command.Arguments.Add(line.Command);
        var result = command.Parse([.. options, "--", "true"]);
        return result.Errors.Count == 0 ? line.Read(result) : throw new UsageException(result.Errors[0].Message);
    }

    /// <summary>The settings, checked together; throws <see cref="UsageException"/> naming the option at fault.</summary>
    public LearnOptions Read(ParseResult result)
    {
        var settings = new LearnOptions
        {
            Format = result.GetValue(format)!,
            Mode = result.GetValue(mode) == "complain" ? ProfileMode.Complain : ProfileMode.Enforce,
            Name = result.GetValue(name),
            Container = result.GetValue(container),
            Output = result.GetValue(output),
        };
        if (result.GetValue(root) is { } directory)
            settings = settings with { Root = LocalLearner.RootProblem(directory) is { } problem ? throw new UsageException("--root: " + problem) : directory };
        if (result.GetValue(ringBytes) is { } bytes)
            settings = settings with { Trace = settings.Trace with { RingBufferBytes = Positive(bytes, "--ring-bytes takes a positive whole number") } };
        settings = settings with { Trace = HooksNamed(result.GetValue(hooks)!, settings.Trace) };
        var timeout = TimeSpan.FromSeconds(result.GetValue(reportTimeout) is { } seconds ? Positive(seconds, "--report-timeout takes a positive whole number of seconds") : 30);

        var url = result.GetValue(report);
        var (token, ca, podName, uid, workloadName) = (result.GetValue(tokenFile), result.GetValue(caFile), result.GetValue(pod), result.GetValue(podUid), result.GetValue(workload));
        if (url is null && (token ?? ca ?? podName ?? uid ?? workloadName) is not null)
            throw new UsageException("--token-file, --ca-file, --pod, --pod-uid and --workload go with --report");
        // Checked before the command runs, so a mistyped option does not cost a learning run.
        return url is null ? settings : settings with { Report = ReportTarget.Create(url, token, ca, podName, uid, workloadName, timeout) };
    }

    // auto and lsm keep learn's raw syscall hook for a kernel that refuses the LSM hooks.
    private static TraceOptions HooksNamed(string name, TraceOptions trace) => name switch
    {
        "lsm" => trace with { Hooks = HookPath.Lsm },
        "raw" => trace with { Hooks = HookPath.Syscalls, PerSyscallTracepoints = false },
        "tracepoints" => trace with { Hooks = HookPath.Syscalls, PerSyscallTracepoints = true },
        _ => trace with { Hooks = HookPath.Auto },
    };

    private static int Positive(string value, string error) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException(error);
}
