using System.Diagnostics;
using Bifrost.Core.Observations;

namespace Bifrost.Tracer.Tests.Sidecar;

/// <summary>
/// The tracer sidecar as the kubelet runs it: its own process (<c>Bifrost.Tracer run</c>) with the environment the
/// webhook injects, reporting to a real HTTPS intake; optionally moved into a cgroup before it starts.
/// </summary>
internal sealed class SidecarProcess : IAsyncDisposable
{
    private readonly Process process;

    private SidecarProcess(Process process, string runDirectory)
    {
        this.process = process;
        RunDirectory = runDirectory;
    }

    public string RunDirectory { get; }

    public bool HasExited => process.HasExited;

    public static async Task<SidecarProcess> StartAsync(FakeIntake server, string podUid, string containers, string cgroupRoot, string? cgroup = null)
    {
        var runDirectory = Directory.CreateTempSubdirectory("bifrost-run-").FullName;
        var tokenFile = Path.Combine(runDirectory, "token");
        await File.WriteAllTextAsync(tokenFile, "token\n");
        var tracer = Path.Combine(AppContext.BaseDirectory, "Bifrost.Tracer.dll");
        // The shell joins the cgroup first, so the tracer starts inside it, as in its container.
        var command = (cgroup is null ? "" : $"echo $$ > '{cgroup}/cgroup.procs' && ") + $"exec dotnet '{tracer}' run";
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var env = new Dictionary<string, string>
        {
            ["BIFROST_ENDPOINT"] = server.Endpoint.ToString().TrimEnd('/'),
            ["BIFROST_CA_FILE"] = server.CaFile,
            ["BIFROST_TOKEN_FILE"] = tokenFile,
            ["BIFROST_POD_NAMESPACE"] = "shop",
            ["BIFROST_POD_NAME"] = "web-1",
            ["BIFROST_POD_UID"] = podUid,
            ["BIFROST_NODE_NAME"] = "n1",
            ["BIFROST_WORKLOAD_KIND"] = "Deployment",
            ["BIFROST_WORKLOAD_NAME"] = "web",
            ["BIFROST_CONTAINERS"] = containers,
            ["BIFROST_CGROUP_ROOT"] = cgroupRoot,
            ["BIFROST_RUN_DIR"] = runDirectory,
        };
        foreach (var (name, value) in env)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SidecarProcess(process, runDirectory);
    }

    /// <summary>Waits for the startup probe's file; false when the tracer did not get there in time (<see cref="Patience"/>) or exited.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan limit)
    {
        var until = DateTime.UtcNow + Patience.Of(limit);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            if (File.Exists(Path.Combine(RunDirectory, "ready")))
                return true;
            await Task.Delay(100);
        }

        return false;
    }

    public string? Outcome(string name) =>
        File.Exists(Path.Combine(RunDirectory, name)) ? File.ReadAllText(Path.Combine(RunDirectory, name)).Trim() : null;

    /// <summary>SIGTERM, as the kubelet stops a container; the exit code, or null when it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan limit)
    {
        if (!process.HasExited)
            using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) { }
        using var timeout = new CancellationTokenSource(Patience.Of(limit));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(RunDirectory, recursive: true);
    }

    /// <summary>Waits until the intake received a report that satisfies <paramref name="done"/> (the limit scaled by <see cref="Patience"/>).</summary>
    public static async Task<bool> WaitForAsync(FakeIntake server, Func<IReadOnlyList<ObservationReport>, bool> done, TimeSpan limit)
    {
        var until = DateTime.UtcNow + Patience.Of(limit);
        while (DateTime.UtcNow < until)
        {
            if (done([.. server.Received.Select(r => r.Report)]))
                return true;
            await Task.Delay(200);
        }

        return done([.. server.Received.Select(r => r.Report)]);
    }
}
