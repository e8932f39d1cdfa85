namespace Bifrost.Cli.Tests.CommandLine;

/// <summary><c>-f</c> repeated and naming directories, for <c>inject</c> and <c>profile generate</c>.</summary>
public sealed class InputFilesTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("bifrost-files-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task Inject_RepeatedFile_PrintsEveryFileInOrderAsOneStream()
    {
        var a = Write("a.yaml", SampleManifests.Service);
        var b = Write("b.yaml", SampleManifests.Deployment);

        var run = await CliRunner.RunAsync("", "inject", "-f", b, "-f", a);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Deployment", "Service"], Parsed.Documents(run.Out).Select(d => (string?)d["kind"]));
        Assert.EndsWith("---\n" + SampleManifests.Service + "\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_Directory_ReadsItsManifestsSortedAndNothingElse()
    {
        Write("2-deploy.yml", SampleManifests.Deployment);
        Write("1-service.yaml", SampleManifests.Service);
        Write("3-api.json", SampleManifests.DeploymentJson);
        Write("README.md", "not a manifest");
        Directory.CreateDirectory(Path.Combine(work.FullName, "nested"));
        Write(Path.Combine("nested", "0-pod.yaml"), SampleManifests.Pod);

        var run = await CliRunner.RunAsync("", "inject", "-f", work.FullName);

        Assert.True(run.ExitCode == 0, run.Error);
        var documents = Parsed.Documents(run.Out);
        Assert.Equal(["Service", "Deployment", "Deployment"], documents.Select(d => (string?)d["kind"]));
        Assert.Equal(["web", "web", "api"], documents.Select(d => (string?)d["metadata"]!["name"]));
    }

    [Fact]
    public async Task Inject_FileAndStandardInput_ReadsBoth()
    {
        var run = await CliRunner.RunAsync(SampleManifests.Pod, "inject", "-f", Write("svc.yaml", SampleManifests.Service), "-f", "-");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Service", "Pod"], Parsed.Documents(run.Out).Select(d => (string?)d["kind"]));
    }

    [Fact]
    public async Task Inject_OneUnreadableFileAmongSeveral_PrintsNothingAndExitsThree()
    {
        var run = await CliRunner.RunAsync("", "inject", "-f", Write("ok.yaml", SampleManifests.Pod), "-f", Path.Combine(work.FullName, "missing.yaml"));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("cannot read " + Path.Combine(work.FullName, "missing.yaml"), run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_DirectoryWithoutManifests_IsAUsageError()
    {
        Write("notes.txt", "nothing");

        var run = await CliRunner.RunAsync("", "inject", "-f", work.FullName);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("the directory holds no *.yaml, *.yml, *.json file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_StandardInputTwice_IsAUsageError()
    {
        var run = await CliRunner.RunAsync(SampleManifests.Pod, "inject", "-f", "-", "-f", "-");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("only once", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileGenerate_RepeatedFileAndDirectory_AllowsWhatEveryFileSaw()
    {
        var first = Write("first.json", """[{"kind":"file","container":"app","path":"/etc/one.conf","access":"Read"}]""");
        var directory = Directory.CreateDirectory(Path.Combine(work.FullName, "more"));
        File.WriteAllText(Path.Combine(directory.FullName, "b.json"), """[{"kind":"file","container":"app","path":"/etc/two.conf","access":"Read"}]""");
        File.WriteAllText(Path.Combine(directory.FullName, "a.json"), """[{"kind":"capability","container":"app","name":"chown"}]""");

        var run = await CliRunner.RunAsync("", "profile", "generate", "-f", first, "-f", directory.FullName, "--name", "bifrost_app");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("  /etc/one.conf r,\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("  /etc/two.conf r,\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("  capability chown,\n", run.Out, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(work.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
