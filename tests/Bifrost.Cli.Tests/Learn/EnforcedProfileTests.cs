using System.Diagnostics;

namespace Bifrost.Cli.Tests.Learn;

/// <summary>
/// The promise of the whole product on one machine: a profile learned by <c>bifrost learn</c>, loaded in enforce
/// mode into a real AppArmor kernel, lets the command do everything it did while learning and nothing else.
/// </summary>
public sealed class EnforcedProfileTests
{
    [RequiresFact(typeof(Ebpf), typeof(LiveAppArmor), Tools = ["aa-exec"])]
    public async Task LearnedProfile_EnforcedByTheKernel_AllowsWhatWasLearnedAndDeniesTheRest()
    {
        var dir = Directory.CreateTempSubdirectory("bifrost-enforce-");
        var name = $"bifrost_test_{Guid.NewGuid():N}"[..28];
        try
        {
            var learned = Path.Combine(dir.FullName, "learned.txt");
            var unseen = Path.Combine(dir.FullName, "unseen.txt");
            await File.WriteAllTextAsync(learned, "learned\n");
            await File.WriteAllTextAsync(unseen, "unseen\n");
            var profile = Path.Combine(dir.FullName, "profile");

            var learn = await CliRunner.RunAsync("", "learn", "--name", name, "--mode", "enforce", "-o", profile, "--", "/bin/cat", learned);
            Assert.True(learn.ExitCode == 0, learn.Error);

            var load = await RunAsync("apparmor_parser", "-r", "-W", profile);
            Assert.True(load.Code == 0, load.Error);
            try
            {
                var allowed = await RunAsync("aa-exec", "-p", name, "--", "/bin/cat", learned);
                var denied = await RunAsync("aa-exec", "-p", name, "--", "/bin/cat", unseen);

                Assert.True(allowed.Code == 0, $"the learned run was refused under its own profile: {allowed.Error}");
                Assert.Equal("learned\n", allowed.Output);
                Assert.NotEqual(0, denied.Code);
                Assert.Contains("Permission denied", denied.Error, StringComparison.Ordinal);
                Assert.Contains($"{name} (enforce)", await File.ReadAllTextAsync("/sys/kernel/security/apparmor/profiles"), StringComparison.Ordinal);
            }
            finally
            {
                await RunAsync("apparmor_parser", "-R", profile);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
