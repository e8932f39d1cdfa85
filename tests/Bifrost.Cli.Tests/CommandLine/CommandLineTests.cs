using System.Reflection;

namespace Bifrost.Cli.Tests.CommandLine;

/// <summary>The command line itself: what a mistyped one says and exits with, help, version and completion.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("profile check --nme x --profile p --observations o", "bifrost profile check: unknown option '--nme'; did you mean '--name'?")]
    [InlineData("inject -f - --namespce x", "bifrost inject: unknown option '--namespce'; did you mean '--namespace'?")]
    [InlineData("vex --sbon s.json", "bifrost vex: unknown option '--sbon'; did you mean '--sbom'?")]
    [InlineData("learn --nme x -- /bin/true", "bifrost learn: unknown option '--nme'; did you mean '--name'?")]
    [InlineData("profile gnerate -f -", "bifrost profile: unknown command 'gnerate'; did you mean 'generate'?")]
    [InlineData("injcet -f -", "bifrost: unknown command 'injcet'; did you mean 'inject'?")]
    public async Task Run_UnknownOptionOrCommand_ExitsTwoSuggestingTheNearestName(string line, string expected)
    {
        var run = await CliRunner.RunAsync("", line.Split(' '));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected + "\n", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("inject -f - extra.yaml", "bifrost inject: unexpected argument 'extra.yaml'")]
    [InlineData("profile check --profile p --observations o stray", "bifrost profile check: unexpected argument 'stray'")]
    [InlineData("vex --packages --sbom s.json --seen s.txt more", "bifrost vex: unexpected argument 'more'")]
    [InlineData("learn /bin/true", "bifrost learn: unexpected argument '/bin/true': the command to learn goes after '--'")]
    public async Task Run_ExtraArgument_ExitsTwoNamingIt(string line, string expected)
    {
        var run = await CliRunner.RunAsync("", line.Split(' '));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inject")]
    [InlineData("inject -f")]
    [InlineData("inject -f - --opted-in-only=yes")]
    [InlineData("inject -f - --kubernetes-version latest")]
    [InlineData("learn --ring-bytes lots -- /bin/true")]
    [InlineData("learn --format yaml -- /bin/true")]
    [InlineData("profile generate -f - --mode strict")]
    [InlineData("profile check --profile /nonexistent/p --observations -")]
    [InlineData("inject -f /nonexistent/deploy.yaml")]
    [InlineData("vex --report /nonexistent/r.json --sbom /nonexistent/s.json --seen /nonexistent/seen.txt")]
    public async Task Run_AnyError_IsPlainWordsWithoutExceptionNamesOrStackTraces(string line)
    {
        var run = await CliRunner.RunAsync("[]", line.Split(' '));

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.NotEqual(ExitCodes.Internal, run.ExitCode);
        Assert.StartsWith("bifrost ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("profile generate -f -")]
    [InlineData("profile check --profile /etc/hostname --observations -")]
    [InlineData("vex --report - --sbom /nonexistent/s.json --seen /nonexistent/seen.txt")]
    public async Task Run_MalformedJson_SaysWhereInPlainWordsAndExitsThree(string line)
    {
        var run = await CliRunner.RunAsync("[{\"kind\": \"file\",\n", line.Split(' '));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Contains("stdin: not valid JSON at line 2", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Path: $", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Help_UnknownTopic_ExitsTwoSuggestingACommand()
    {
        var run = await CliRunner.RunAsync("", "help", "injet");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("bifrost help: no command 'injet'; did you mean 'inject'?", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inject -f /nonexistent/deploy.yaml", ExitCodes.Input)]
    [InlineData("profile check --profile /nonexistent/p --observations -", ExitCodes.Input)]
    [InlineData("profile generate -f -", ExitCodes.Input)]
    [InlineData("vex --report /nonexistent/r.json --sbom /nonexistent/s.json --seen /nonexistent/seen.txt", ExitCodes.Input)]
    [InlineData("inject -f - --bogus", ExitCodes.Usage)]
    [InlineData("profile", ExitCodes.Usage)]
    [InlineData("", ExitCodes.Usage)]
    public async Task Run_SameKindOfFailure_ExitsWithTheSameCodeInEveryCommand(string line, int expected)
    {
        var run = await CliRunner.RunAsync("not json", line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(run.ExitCode == expected, run.Error);
    }

    [Theory]
    [InlineData(new[] { "--help" }, new[] { 0, 1, 2, 3, 4, 5, 70, 125, 130 })]
    [InlineData(new[] { "inject", "--help" }, new[] { 0, 2, 3 })]
    [InlineData(new[] { "profile", "check", "-h" }, new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { "vex", "--help" }, new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { "learn", "--help" }, new[] { 2, 4, 125, 130 })]
    [InlineData(new[] { "status", "--help" }, new[] { 0, 2, 5 })]
    [InlineData(new[] { "check", "--help" }, new[] { 0, 1, 2, 5 })]
    [InlineData(new[] { "approve", "--help" }, new[] { 0, 1, 2, 5 })]
    public async Task Help_ListsTheExitCodesOfTheCommand(string[] args, int[] codes)
    {
        var run = await CliRunner.RunAsync("", args);

        Assert.Equal(0, run.ExitCode);
        var table = run.Out[run.Out.IndexOf("Exit codes:\n", StringComparison.Ordinal)..];
        var listed = table.Split('\n').Skip(1).Select(l => l.Trim().Split(' ')[0]).Where(w => w.Length > 0 && char.IsAsciiDigit(w[0])).Select(int.Parse);
        Assert.Equal(codes, listed);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public async Task Version_PrintsTheAssemblysInformationalVersion(string word)
    {
        // System.CommandLine reads the entry assembly, so this runs bifrost as its own process.
        var expected = typeof(ExitCodes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var run = await Processes.RunAsync("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "bifrost.dll"), word]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(expected, run.Stdout.Trim());
    }

    [Theory]
    [InlineData("bifrost inject --na", "--namespace", "--namespace-label")]
    [InlineData("bifrost pro", "profile")]
    [InlineData("bifrost profile ", "check", "generate")]
    [InlineData("bifrost learn --mode ", "complain", "enforce")]
    [InlineData("bifrost inject --pod-security-default b", "baseline")]
    public async Task SuggestDirective_PrintsTheCompletionsAtTheCursor(string line, params string[] expected)
    {
        var run = await CliRunner.RunAsync("", $"[suggest:{line.Length}]", line);

        Assert.Equal(0, run.ExitCode);
        var suggested = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Subset(suggested.ToHashSet(), expected.ToHashSet());
        Assert.DoesNotContain("inject", suggested.Except(expected));
    }
}
