using System.Diagnostics;
using Bifrost.Tracer.Tracing;

namespace Bifrost.Cli.Tests.Learn;

/// <summary>
/// The promise of the whole product on one machine: a profile learned by <c>bifrost learn</c>, loaded in enforce
/// mode into a real AppArmor kernel, lets the command do everything it did while learning and nothing else.
/// </summary>
public sealed class EnforcedProfileTests
{
    [LiveAppArmorFact]
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

/// <summary>
/// Needs eBPF tracing and a kernel with AppArmor live (plus apparmor_parser and aa-exec from the Debian package
/// apparmor): skipped with the reason elsewhere. The kernel VM tier (tests/vm) runs it.
/// </summary>
public sealed class LiveAppArmorFactAttribute : FactAttribute
{
    public LiveAppArmorFactAttribute()
    {
        if (Preflight.Problem() is { } problem)
            Skip = problem;
        else if (!File.Exists("/sys/kernel/security/apparmor/profiles"))
            Skip = "this kernel has no AppArmor (/sys/kernel/security/apparmor/profiles is absent)";
        else if (!File.Exists("/usr/sbin/apparmor_parser") && !File.Exists("/sbin/apparmor_parser"))
            Skip = "apparmor_parser is not installed (Debian package apparmor)";
        else if (!File.Exists("/usr/bin/aa-exec"))
            Skip = "aa-exec is not installed (Debian package apparmor)";
    }
}
