using System.Globalization;
using System.Text.RegularExpressions;
using Bifrost.Fuzz;

namespace Bifrost.Core.Tests.Fuzzing;

/// <summary>Not run beside other tests: afl-fuzz keeps a core busy for the whole run.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AflFuzzRuns
{
    public const string Name = "afl-fuzz";
}

/// <summary>
/// A short bounded afl-fuzz run of each target through tests/fuzz/run.sh (SharpFuzz-instrumented Bifrost assemblies,
/// seeded from tests/fuzz/corpus). `make fuzz` runs the same script for longer.
/// </summary>
[Collection(AflFuzzRuns.Name)]
public sealed partial class AflFuzzTests
{
    private const int Seconds = 15;

    public static TheoryData<string> Targets() => [.. FuzzTargets.Names];

    [RequiresTheory("afl-fuzz")]
    [MemberData(nameof(Targets))]
    public async Task AflFuzz_ShortRun_FindsNoCrashOrHang(string target)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

        var result = await Processes.RunAsync(
            Repository.Path("tests", "fuzz", "run.sh"),
            [target, Seconds.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["CONFIGURATION"] = configuration, ["BIFROST_FUZZ_NO_BUILD"] = "1" },
            workingDirectory: Repository.Root);

        var summary = Summary().Match(result.Stdout);
        Assert.True(summary.Success, $"run.sh printed no summary (exit {result.ExitCode}): {result.Stdout}{result.Stderr}");
        Assert.True(long.Parse(summary.Groups["executions"].Value, CultureInfo.InvariantCulture) > 0, summary.Value);
        Assert.Equal(("0", "0"), (summary.Groups["crashes"].Value, summary.Groups["hangs"].Value));
        Assert.Equal(0, result.ExitCode);
    }

    [GeneratedRegex(@"fuzz \S+: (?<executions>\d+) executions .*, (?<crashes>\d+) crashes, (?<hangs>\d+) hangs")]
    private static partial Regex Summary();
}
