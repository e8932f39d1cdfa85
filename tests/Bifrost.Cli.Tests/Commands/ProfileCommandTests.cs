namespace Bifrost.Cli.Tests.Commands;

public sealed class ProfileCommandTests
{
    private const string Observations = """
        [{"kind":"file","container":"app","path":"/etc/app.conf","access":"Read"},
         {"kind":"capability","container":"app","name":"chown"}]
        """;

    private static async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var run = await CliRunner.RunAsync(stdin, ["profile", .. args]);
        return (run.ExitCode, run.Out, run.Error);
    }

    [Fact]
    public async Task Generate_FromStdin_PrintsEnforceProfile()
    {
        var (exit, output, _) = await Run(Observations, "generate", "-f", "-", "--mode", "enforce", "--name", "bifrost_x");
        Assert.Equal(0, exit);
        Assert.Contains("profile bifrost_x flags=(attach_disconnected,mediate_deleted) {", output, StringComparison.Ordinal);
        Assert.Contains("  /etc/app.conf r,\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ProfileMissingAccess_PrintsDenialAndExitsOne()
    {
        var profile = Path.GetTempFileName();
        File.WriteAllText(profile, "profile p {\n  /etc/app.conf r,\n}\n");
        try
        {
            var (exit, output, _) = await Run(Observations, "check", "--profile", profile, "--observations", "-");
            Assert.Equal(1, exit);
            Assert.Equal("DENIED app: capability chown", output.Trim());
        }
        finally
        {
            File.Delete(profile);
        }
    }

    [Fact]
    public async Task Generate_BadMode_ExitsTwoWithMessage()
    {
        var (exit, _, error) = await Run(Observations, "generate", "-f", "-", "--mode", "strict");
        Assert.Equal(2, exit);
        Assert.Contains("--mode", error, StringComparison.Ordinal);
    }
}
