using System.Diagnostics;
using System.Net;

namespace Bifrost.Cli.Tests.Learn;

/// <summary>A real server learned inside a real Debian 12 root, and its packages judged from what it did.</summary>
public sealed class DebianRootRelevancyTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("bifrost-debian-root-");

    public void Dispose() => work.Delete(recursive: true);

    [RequiresFact(typeof(Ebpf), typeof(DebianNginxRoot))]
    public async Task LearnInDebianRoot_NginxServingARequest_UsesNginxAndLibcButNotCoreutilsBashOrApt()
    {
        var root = await DebianRoot.GetAsync("nginx", "nginx-light");
        var port = Ports.Free();
        // Debian's nginx.conf, on a port of the test's own and with a pid file to signal, written beside it in the root.
        var config = (await File.ReadAllTextAsync(Path.Combine(root, "etc", "nginx", "nginx.conf")))
            .Replace("include /etc/nginx/sites-enabled/*;", $"server {{ listen 127.0.0.1:{port}; root /var/www/html; index index.nginx-debian.html; }}", StringComparison.Ordinal)
            .Replace("pid /run/nginx.pid;", "pid /run/nginx-bifrost-test.pid; daemon off;", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "nginx", "bifrost-test.conf"), config);
        var pidFile = Path.Combine(root, "run", "nginx-bifrost-test.pid");
        File.Delete(pidFile);
        var observations = Path.Combine(work.FullName, "nginx.obs");

        CliRun learned;
        await using (await DebianRoot.BindSystemAsync(root))
        {
            var learn = CliRunner.RunAsync("", "learn", "--root", root, "--format", "observations", "-o", observations,
                "--", "/usr/sbin/nginx", "-c", "/etc/nginx/bifrost-test.conf");
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                Assert.Equal(HttpStatusCode.OK, await FirstAnswer(http, new Uri($"http://127.0.0.1:{port}/"), learn));
            }
            finally
            {
                await Signal(pidFile, "-QUIT");
                if (await Task.WhenAny(learn, Task.Delay(Bound)) != learn)
                {
                    await Signal(pidFile, "-KILL");
                    Assert.Fail($"nginx did not quit within {Bound.TotalSeconds:0} s of SIGQUIT");
                }
            }

            learned = await learn;
        }

        Assert.True(learned.ExitCode == 0, learned.Error);
        var listed = await CliRunner.RunAsync("", "vex", "--packages", "--rootfs", root, "--seen", observations);
        Assert.True(listed.ExitCode == 0, listed.Error);
        var packages = listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToDictionary(r => r[1], r => r[0]);
        Assert.Equal("used", packages.GetValueOrDefault("nginx") ?? packages.GetValueOrDefault("nginx-light"));
        Assert.Equal("used", packages["libc6"]);
        Assert.All(["coreutils", "bash", "apt", "dash"], name => Assert.Equal((name, "unused"), (name, packages[name])));
        Assert.True(packages.Count(p => p.Value == "used") < packages.Count, listed.Error);
    }

    /// <summary>The first answer of the server, asked every 100 ms for up to 20 s while the learn run lasts.</summary>
    private static async Task<HttpStatusCode> FirstAnswer(HttpClient http, Uri uri, Task<CliRun> learn)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (learn.IsCompleted)
                Assert.Fail($"nginx exited before it answered: {(await learn).Error}");
            try
            {
                using var response = await http.GetAsync(uri);
                return response.StatusCode;
            }
            catch (HttpRequestException) when (clock.Elapsed < Bound)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task Signal(string pidFile, string signal)
    {
        if (File.Exists(pidFile) && (await File.ReadAllTextAsync(pidFile)).Trim() is { Length: > 0 } pid)
            await Processes.RunAsync("kill", [signal, pid]);
    }
}
