using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>
/// The real node agent, built beside these tests, run as its own process in local mode: BifrostProfiles from a
/// webhook's local profile store, no API server, and apparmor_parser compiling only (no AppArmor securityfs given).
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private AgentProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }

    /// <summary>The agent's assembly, built in the configuration these tests were built in (the project references it).</summary>
    public static string Assembly
    {
        get
        {
            var configuration = typeof(AgentProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            return Repository.Path("src", "Bifrost.Agent", "bin", configuration, framework, "Bifrost.Agent.dll");
        }
    }

    public static async Task<AgentProcess> StartAsync(string directory, string profilesDirectory, IEnumerable<string>? settings = null)
    {
        var port = PrometheusServer.FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        Directory.CreateDirectory(Path.Combine(directory, "pods"));
        string[] args =
        [
            "exec", Assembly,
            "--Bifrost:Agent:NodeName=node-1",
            $"--Bifrost:Agent:HealthPort={port}",
            $"--Bifrost:Agent:ProfileDirectory={Path.Combine(directory, "profiles")}",
            $"--Bifrost:Agent:StateFile={Path.Combine(directory, "state.json")}",
            $"--Bifrost:Agent:CacheDirectory={Path.Combine(directory, "cache")}",
            $"--Bifrost:Agent:ParserPath={Tools.Parser}",
            $"--Bifrost:Agent:SecurityFsDirectory={Path.Combine(directory, "no-securityfs")}",
            "--Bifrost:Agent:AuditSource=None",
            $"--Bifrost:Agent:Local:ProfilesDirectory={profilesDirectory}",
            $"--Bifrost:Agent:Local:PodsDirectory={Path.Combine(directory, "pods")}",
            $"--Bifrost:Agent:Local:NodeStatusFile={Path.Combine(directory, "node.json")}",
            "--Logging:LogLevel:Default=Warning",
            .. settings ?? [],
        ];
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        var agent = new AgentProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        for (var stopwatch = Stopwatch.StartNew(); stopwatch.Elapsed < TimeSpan.FromSeconds(30) && !agent.process.HasExited; await Task.Delay(100))
        {
            try
            {
                using var health = await agent.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                    return agent;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        await agent.DisposeAsync();
        throw new InvalidOperationException($"the node agent did not answer /healthz: {agent.Output}");
    }

    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public async Task<string> MetricsAsync() => await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }
}
