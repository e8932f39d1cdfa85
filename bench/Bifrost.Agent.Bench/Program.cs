using System.Diagnostics;
using System.Globalization;
using Bifrost.Agent;
using Bifrost.Agent.Cluster;
using Bifrost.Agent.Kernel;
using Bifrost.Agent.Loading;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Audit;
using Bifrost.Core.Profiles;
using Microsoft.Extensions.Logging.Abstractions;

// Node-agent figures, each next to a baseline measured in the same run:
//   audit records parsed per second (baseline: splitting the same lines on spaces),
//   profiles compiled per second with apparmor_parser -Q (baseline: starting /bin/true as often),
//   memory per 1,000 profiles held by the agent (desired set, loader state, statuses).
// Usage: dotnet run -c Release --project bench/Bifrost.Agent.Bench [-- profiles]
var profileCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var root = FindRoot();
var lines = Directory.GetFiles(Path.Combine(root, "tests", "Bifrost.Core.Tests", "Audit", "Cases"), "input.log", SearchOption.AllDirectories)
    .SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToArray();

Console.WriteLine($"audit parsing ({lines.Length} distinct real-shaped lines, repeated)");
const int Rounds = 20_000;
var split = Measure(() => { foreach (var l in lines) _ = l.Split(' '); }, Rounds);
var parse = Measure(() => { foreach (var l in lines) _ = AuditRecordParser.Parse(l); }, Rounds);
var total = (double)lines.Length * Rounds;
Console.WriteLine($"  baseline string.Split: {total / split.TotalSeconds,12:N0} lines/s");
Console.WriteLine($"  AuditRecordParser:     {total / parse.TotalSeconds,12:N0} records/s  ({parse / split:0.0}x the baseline's time)");

var parser = File.Exists("/usr/sbin/apparmor_parser") ? "/usr/sbin/apparmor_parser" : File.Exists("/sbin/apparmor_parser") ? "/sbin/apparmor_parser" : null;
if (parser is null)
{
    Console.WriteLine("apparmor_parser not installed: skipping the compile and memory figures");
    return;
}

var work = Directory.CreateTempSubdirectory("bifrost-agent-bench-");
try
{
    var spawn = Stopwatch.StartNew();
    for (var i = 0; i < 100; i++)
    {
        using var p = Process.Start("/bin/true");
        p.WaitForExit();
    }

    spawn.Stop();
    var options = new AgentOptions
    {
        NodeName = "bench",
        ProfileDirectory = Path.Combine(work.FullName, "profiles"),
        StateFile = Path.Combine(work.FullName, "state.json"),
        ParserPath = parser,
        SecurityFsDirectory = Path.Combine(work.FullName, "no-securityfs"),
        ProcRoot = Path.Combine(work.FullName, "proc"),
        ParserConcurrency = Environment.ProcessorCount,
    };
    var profiles = Enumerable.Range(0, profileCount).Select(Profile).ToList();

    var before = Allocated();
    var desired = new DesiredProfiles();
    desired.Apply(new ProfileEvent(ProfileEventType.Reset, profiles.Select((p, i) => Workload(i, p)).ToList()));
    var loader = new ProfileLoader(new AppArmorKernel(options), new LoaderStateStore(options.StateFile), options, TimeProvider.System, NullLogger<ProfileLoader>.Instance);

    var compile = Stopwatch.StartNew();
    var statuses = await loader.ReconcileAsync(desired.Snapshot(), CancellationToken.None);
    compile.Stop();
    var after = Allocated();
    GC.KeepAlive(desired);
    GC.KeepAlive(loader);

    var compiled = statuses.Count(s => s.State == NodeProfileState.Compiled);
    Console.WriteLine($"profile compilation (apparmor_parser -Q -K, {options.ParserConcurrency} at once, {Environment.ProcessorCount} cores)");
    Console.WriteLine($"  baseline /bin/true:    {100 / spawn.Elapsed.TotalSeconds,12:N0} processes/s");
    Console.WriteLine($"  profiles compiled:     {compiled / compile.Elapsed.TotalSeconds,12:N1} profiles/s  ({compiled} of {profileCount} in {compile.Elapsed.TotalSeconds:0.0} s)");
    var againWatch = Stopwatch.StartNew();
    await loader.ReconcileAsync(desired.Snapshot(), CancellationToken.None);
    againWatch.Stop();
    Console.WriteLine($"  reconcile, no change:  {againWatch.Elapsed.TotalMilliseconds,12:N0} ms for {profileCount} profiles (hash check, no parser)");
    var textBytes = profiles.Sum(p => (long)p.Text.Length * 2);
    Console.WriteLine("agent memory (desired set + loader state + statuses)");
    Console.WriteLine($"  per 1,000 profiles:    {(after - before) * 1000.0 / profileCount / 1024 / 1024,12:N2} MiB  (profile texts alone: {textBytes * 1000.0 / profileCount / 1024 / 1024:N2} MiB)");
}
finally
{
    work.Delete(recursive: true);
}

static TimeSpan Measure(Action action, int rounds)
{
    action();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < rounds; i++)
        action();
    return watch.Elapsed;
}

static long Allocated()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

static RenderedProfile Profile(int i)
{
    var name = $"bifrost_bench_deploy_app{i}_main_{i:x10}";
    var rules = string.Concat(Enumerable.Range(0, 20).Select(r => $"  /srv/app{i}/data/file{r} rw,\n"));
    var text = $"abi <abi/3.0>,\n\nprofile {name} flags=(attach_disconnected,mediate_deleted) {{\n  capability net_bind_service,\n  network inet stream,\n  /usr/lib/** mr,\n{rules}}}\n";
    return new RenderedProfile { Name = name, Mode = ProfileMode.Enforce, Hash = ProfileFile.HashOf(text), Text = text };
}

static BifrostProfile Workload(int i, RenderedProfile profile) => new()
{
    Metadata = new ObjectMeta { Name = $"deployment-app{i}", Namespace = "bench" },
    Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", $"app{i}") },
    Status = new BifrostProfileStatus { Containers = [new ContainerProfileStatus { Name = "main", Profiles = [profile] }] },
};

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Bifrost.sln")))
            return dir.FullName;
    }

    throw new InvalidOperationException("Bifrost.sln not found");
}
