using System.Globalization;
using System.Text.RegularExpressions;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>
/// Bpf/syscalls.tbl is the one list of the syscalls the tracer hooks: the generated C header and C# source carry it
/// unchanged, its numbers are x86_64's, its tracepoints exist, and the eBPF program handles every syscall it names.
/// </summary>
public sealed partial class SyscallTableTests
{
    private static readonly string TablePath = Repository.Path("src", "Bifrost.Tracing", "Bpf", "syscalls.tbl");
    private static readonly string HeaderPath = Repository.Path("src", "Bifrost.Tracing", "obj", "bpf", "syscalls.h");
    private static readonly string ProgramPath = Repository.Path("src", "Bifrost.Tracing", "Bpf", "bifrost.bpf.c");

    // Syscalls newer than the tracer's oldest kernel (Preflight.MinimumKernel): older kernels have no tracepoint for them.
    private static readonly Dictionary<string, Version> NewerThanTheFloor = new() { ["fchmodat2"] = new(6, 6) };

    [Fact]
    public void Table_NamesEachSyscallNumberAndTracepointOnce()
    {
        Assert.NotEmpty(SyscallTable.All);
        AssertUnique(SyscallTable.All.Select(s => s.Name));
        AssertUnique(SyscallTable.All.Select(s => $"{s.Number}"));
        AssertUnique(SyscallTable.All.Select(s => s.Tracepoint));
    }

    [Fact]
    public void HookedTracepoints_EachHaveARowWithItsNumber()
    {
        var rows = SyscallTable.All.ToDictionary(s => s.Tracepoint);

        Assert.All(SyscallTable.ExitTracepoints.Concat(SyscallTable.EnterTracepoints), t =>
            Assert.True(rows.TryGetValue(t, out var row) && row.Number >= 0, $"{t} has no row with a number"));
        Assert.Equal(SyscallTable.All.Where(s => s.Hook != "lock").Select(s => s.Tracepoint), SyscallTable.ExitTracepoints);
        Assert.Equal(SyscallTable.All.Where(s => s.Hook == "enter+exit").Select(s => s.Tracepoint), SyscallTable.EnterTracepoints);
        // Where cap_capable judges set*id, SyscallHooks leaves out their exits with their entries.
        Assert.Subset(SyscallTable.ExitTracepoints.ToHashSet(), SyscallTable.EnterTracepoints.ToHashSet());
    }

    [Fact]
    public void GeneratedSource_CarriesTheTable()
    {
        Assert.Equal(ReadTable(), SyscallTable.All);
    }

    [Fact]
    public void GeneratedHeader_CarriesTheTable()
    {
        var table = ReadTable();
        var header = File.ReadAllText(HeaderPath);

        var defines = NrDefine().Matches(header).Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));

        Assert.Equal(table.Select(s => (s.Name, s.Number)), defines);
        Assert.Equal(table.Select(s => s.Name), CaseLabels(header, "BF_EXIT_CASES"));
        Assert.Equal(table.Where(s => s.Hook == "enter+exit").Select(s => s.Name), CaseLabels(header, "BF_ENTER_CASES"));
    }

    [Fact]
    public void Program_HandlesEverySyscallOfTheTable()
    {
        var program = File.ReadAllText(ProgramPath);
        var exit = FunctionBody(program, "handle_exit");
        var enter = FunctionBody(program, "handle_enter");

        Assert.All(SyscallTable.All, s => Assert.Matches($@"\bNR_{s.Name}\b", exit));
        Assert.All(SyscallTable.All.Where(s => s.Hook == "enter+exit"), s => Assert.Contains($"case NR_{s.Name}:", enter, StringComparison.Ordinal));
    }

    [RequiresFact(typeof(UapiSyscallNumbers))]
    public void Numbers_AreTheKernelHeadersX86_64Numbers()
    {
        var uapi = UapiSyscallNumbers.Read();
        var newest = uapi.Values.Max();

        Assert.All(SyscallTable.All, s =>
        {
            if (uapi.TryGetValue(s.Name, out var number))
                Assert.True(number == s.Number, $"{s.Name} is {number} in {UapiSyscallNumbers.Header}, {s.Number} in the table");
            else
                Assert.True(s.Number > newest, $"{s.Name} is missing from {UapiSyscallNumbers.Header}, which goes up to {newest}");
        });
    }

    [RequiresFact(typeof(SyscallTracepoints))]
    public void Tracepoints_ExistOnThisKernel()
    {
        var kernel = Environment.OSVersion.Version;
        var missing = new List<string>();

        foreach (var s in SyscallTable.All)
        {
            if (NewerThanTheFloor.TryGetValue(s.Name, out var since) && kernel < since)
                continue;
            string[] events = s.Hook == "enter+exit" ? ["sys_exit_", "sys_enter_"] : ["sys_exit_"];
            missing.AddRange(events.Select(e => e + s.Tracepoint).Where(e => !Directory.Exists(Path.Combine(SyscallHooks.Root, "events", "syscalls", e))));
        }

        Assert.Empty(missing);
    }

    // The table as its comment describes it, read without the build's generator.
    private static List<(string Name, int Number, string Tracepoint, string Hook)> ReadTable() =>
        File.ReadLines(TablePath)
            .Where(line => line.Trim() is { Length: > 0 } text && text[0] != '#')
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2] == "-" ? f[0] : f[2], f[3]))
            .ToList();

    private static List<string> CaseLabels(string header, string macro)
    {
        var start = header.IndexOf($"#define {macro} ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{macro} is not defined");
        var lines = header[start..].Split('\n');
        var definition = string.Join('\n', lines.Take(lines.TakeWhile(l => l.EndsWith('\\')).Count() + 1));
        return [.. CaseLabel().Matches(definition).Select(m => m.Groups[1].Value)];
    }

    private static string FunctionBody(string source, string name)
    {
        var start = source.IndexOf($"int {name}(", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{name} is not in bifrost.bpf.c");
        var end = source.IndexOf("\n}\n", start, StringComparison.Ordinal);
        return source[start..end];
    }

    private static void AssertUnique(IEnumerable<string> values)
    {
        var twice = values.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"more than one row for {string.Join(", ", twice)}");
    }

    [GeneratedRegex(@"^#define NR_(\w+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex NrDefine();

    [GeneratedRegex(@"case NR_(\w+):")]
    private static partial Regex CaseLabel();
}
