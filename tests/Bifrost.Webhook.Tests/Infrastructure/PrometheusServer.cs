using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>A real Prometheus on a free port of 127.0.0.1, its storage in a temporary directory, stopped with the test.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;
    private readonly Task<string> log;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        this.process = process;
        this.directory = directory;
        Address = address;
        log = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }

    /// <summary>Starts Prometheus with <paramref name="config"/> (a prometheus.yml) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string directory, string config)
    {
        var configFile = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config);
        var port = FreePort();
        var start = new ProcessStartInfo(Tools.Find("prometheus")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[]
        {
            $"--config.file={configFile}", $"--web.listen-address=127.0.0.1:{port}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            "--storage.tsdb.retention.time=1h", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var server = new PrometheusServer(Process.Start(start)!, directory, new Uri($"http://127.0.0.1:{port}"));
        for (var stopwatch = Stopwatch.StartNew(); stopwatch.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(100))
        {
            if (server.process.HasExited)
                break;
            try
            {
                using var ready = await server.Client.GetAsync(new Uri("/-/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        var output = await server.StopAsync();
        throw new InvalidOperationException($"prometheus did not become ready: {output}");
    }

    /// <summary>The result vector (or scalar, as one element) of an instant query; fails on a query error.</summary>
    public async Task<JsonArray> QueryAsync(string expr)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(expr)}", UriKind.Relative));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((string?)body["status"] != "success")
            throw new InvalidOperationException($"query {expr} failed: {body["error"]}");
        var data = body["data"]!;
        return (string?)data["resultType"] is "scalar" or "string" ? [data["result"]!.DeepClone()] : data["result"]!.AsArray();
    }

    /// <summary>The rule groups Prometheus loaded, as /api/v1/rules gives them.</summary>
    public async Task<JsonArray> RuleGroupsAsync() =>
        JsonNode.Parse(await Client.GetStringAsync(new Uri("/api/v1/rules", UriKind.Relative)))!["data"]!["groups"]!.AsArray();

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<string> StopAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var output = await log;
        process.Dispose();
        try
        {
            Directory.Delete(Path.Combine(directory, "data"), recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }

        return output;
    }
}
