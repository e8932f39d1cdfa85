using System.Diagnostics;

namespace Bifrost.Cli.Tests.Learn;

/// <summary>`make demo` as a test: the whole loop on one machine, from a learning pod to an enforcing one.</summary>
public sealed class DemoTests
{
    [RequiresFact(typeof(Ebpf), Tools = ["openssl"])]
    public async Task Demo_RunsTheLoopFromLearningToEnforcing()
    {
        foreach (var tool in new[] { "apparmor_parser", "jq", "curl", "python3" })
            Assert.True(Tools.Find(tool) is not null, $"{tool} is missing (make test installs it)");
        var root = Repository.Root;
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "demo", "run.sh")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["BIFROST_DEMO_PREBUILT"] = "1";
        start.Environment["CONFIGURATION"] = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

        using var demo = Process.Start(start)!;
        var output = demo.StandardOutput.ReadToEndAsync();
        var errors = demo.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await demo.WaitForExitAsync(timeout.Token);

        var text = await output;
        Assert.True(demo.ExitCode == 0, $"demo exited {demo.ExitCode}:\n{text}\n{await errors}");
        Assert.Contains("tracer sidecar injected: bifrost-tracer", text, StringComparison.Ordinal);
        Assert.Contains("Enforcing: new pods get the enforce profiles", text, StringComparison.Ordinal);
        Assert.Contains("tracer sidecar injected: no", text, StringComparison.Ordinal);
        Assert.Contains("every step succeeded", text, StringComparison.Ordinal);
    }
}
