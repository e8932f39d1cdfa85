using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.AppArmor.Bench;

/// <summary>
/// Replays a fixed set of attacker probes against the profile generated from an observations file and against a broad
/// profile shaped like container runtimes' default, and prints which probes each would allow.
/// </summary>
internal static class Tightness
{
    private const string Baseline = """
        include <tunables/global>
        profile runtime_default_like flags=(attach_disconnected,mediate_deleted) {
          include <abstractions/base>
          network,
          capability,
          file,
          umount,
          deny mount,
          signal (receive) peer=unconfined,
          signal (send,receive) peer=runtime_default_like,
          deny @{PROC}/* w,
          deny @{PROC}/{[^1-9],[^1-9][^0-9],[^1-9s][^0-9y][^0-9s],[^1-9][^0-9][^0-9][^0-9/]*}/** w,
          deny @{PROC}/sys/[^k]** w,
          deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,
          deny @{PROC}/sysrq-trigger rwklx,
          deny /sys/[^f]*/** wklx,
          deny /sys/f[^s]*/** wklx,
          deny /sys/fs/[^c]*/** wklx,
          deny /sys/firmware/** rwklx,
          ptrace (trace,read,tracedby,readby) peer=runtime_default_like,
        }
        """;

    private static readonly (string Probe, Observation Observation)[] Probes =
    [
        ("read /etc/shadow", File("/etc/shadow", AccessMask.Read)),
        ("write into /usr/bin", File("/usr/bin/implant", AccessMask.Write | AccessMask.Create)),
        ("write into /etc", File("/etc/cron.d/implant", AccessMask.Write | AccessMask.Create)),
        ("exec /bin/sh", new ExecObservation { Container = "probe", Path = "/bin/sh" }),
        ("exec /usr/bin/curl", new ExecObservation { Container = "probe", Path = "/usr/bin/curl" }),
        ("raw socket", new SocketObservation { Container = "probe", Family = "inet", Type = "raw" }),
        ("packet socket", new SocketObservation { Container = "probe", Family = "packet", Type = "raw" }),
        ("mount", new MountObservation { Container = "probe", Source = "/dev/sda1", Target = "/mnt", FsType = "ext4" }),
        ("ptrace another process", new PtraceObservation { Container = "probe", Mode = "trace" }),
        ("read service account token", File("/var/run/secrets/kubernetes.io/serviceaccount/token", AccessMask.Read)),
        ("write /proc/sys/kernel/core_pattern", File("/proc/sys/kernel/core_pattern", AccessMask.Write)),
        ("capability sys_admin", new CapabilityObservation { Container = "probe", Name = "sys_admin" }),
        ("capability sys_module", new CapabilityObservation { Container = "probe", Name = "sys_module" }),
    ];

    public static int Run(string observationsFile)
    {
        var observations = ObservationJson.Deserialize(System.IO.File.ReadAllText(observationsFile));
        var generated = ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = "bifrost_tightness", Mode = ProfileMode.Enforce });
        var parser = new ProfileParser(IncludeResolver.System);
        var learned = CompiledProfile.Compile(parser.Parse(generated.Text));
        var baseline = CompiledProfile.Compile(parser.Parse(Baseline));

        Console.WriteLine($"{observations.Count} observations -> {generated.Rules.Count} rules, {generated.Text.Length} bytes");
        Console.WriteLine("| probe | Bifrost profile | runtime-default-like |");
        Console.WriteLine("|---|---|---|");
        var (learnedAllowed, baselineAllowed) = (0, 0);
        foreach (var (probe, observation) in Probes)
        {
            var byLearned = ProfileChecker.Check(learned, [observation]).Count == 0;
            var byBaseline = ProfileChecker.Check(baseline, [observation]).Count == 0;
            learnedAllowed += byLearned ? 1 : 0;
            baselineAllowed += byBaseline ? 1 : 0;
            Console.WriteLine($"| {probe} | {Verdict(byLearned)} | {Verdict(byBaseline)} |");
        }
        var replay = ProfileChecker.Check(learned, observations).Count;
        Console.WriteLine($"| probes allowed | {learnedAllowed}/{Probes.Length} | {baselineAllowed}/{Probes.Length} |");
        Console.WriteLine($"replay of the observations against the Bifrost profile: {replay} denied");
        return 0;
    }

    private static string Verdict(bool allowed) => allowed ? "ALLOWED" : "denied";

    private static FileObservation File(string path, AccessMask access) => new() { Container = "probe", Path = path, Access = access };
}
