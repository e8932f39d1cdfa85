using System.Net.Sockets;

namespace Bifrost.Cli.Tests;

/// <summary>
/// Debian 12 (bookworm) minbase roots built with mmdebstrap, cached under <c>artifacts/relevancy/NAME</c> with the day
/// they were built in <c>NAME.built</c>: the same cache <c>make relevancy</c> fills, so either reuses the other's.
/// </summary>
internal static class DebianRoot
{
    private const string Mirror = "http://deb.debian.org/debian";

    private static readonly SemaphoreSlim Building = new(1, 1);

    public static string Cache => Repository.Path("artifacts", "relevancy");

    public static bool IsBuilt(string name) => File.Exists(Path.Combine(Cache, name + ".built")) && Directory.Exists(Path.Combine(Cache, name));

    /// <summary>Why deb.debian.org cannot be reached on port 80 within 5 s, or null.</summary>
    public static string? MirrorProblem()
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("deb.debian.org", 80).Wait(TimeSpan.FromSeconds(5)) ? null : "needs http://deb.debian.org (no answer in 5 s)";
        }
        catch (AggregateException e) when (e.InnerException is SocketException s)
        {
            return $"needs http://deb.debian.org ({s.Message})";
        }
    }

    /// <summary>The root's directory, built first (about 20 s) when it is not cached.</summary>
    public static async Task<string> GetAsync(string name, string packages)
    {
        var dir = Path.Combine(Cache, name);
        await Building.WaitAsync();
        try
        {
            if (IsBuilt(name))
                return dir;
            Directory.CreateDirectory(Cache);
            File.Delete(Path.Combine(Cache, name + ".built"));
            var partial = dir + ".tmp";
            foreach (var stale in (string[])[dir, partial])
            {
                // A run killed before its cleanup can leave /proc or /dev bound inside a root: never delete through a mount.
                var mounted = MountsUnder(stale);
                Assert.True(mounted.Count == 0, $"still mounted under {stale}: {string.Join(", ", mounted)}; unmount before the root is rebuilt");
                if (Directory.Exists(stale))
                    Directory.Delete(stale, recursive: true);
            }

            var run = await Processes.RunAsync(Tools.Find("mmdebstrap")!, ["--quiet", "--variant=minbase", $"--include={packages}", "bookworm", partial, Mirror]);
            if (run.ExitCode != 0)
            {
                // mmdebstrap leaves /proc, /sys and /dev/* mounted in its root when it fails: undone here, so the next
                // attempt can delete the partial root.
                var mounts = new Mounts();
                mounts.Targets.AddRange(MountsUnder(partial).OrderBy(m => m.Length));
                await mounts.DisposeAsync();
                Assert.Fail($"mmdebstrap failed: {run.Stderr}");
            }


            Directory.Move(partial, dir);
            await File.WriteAllTextAsync(Path.Combine(Cache, name + ".built"), DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\n");
            return dir;
        }
        finally
        {
            Building.Release();
        }
    }

    private static List<string> MountsUnder(string dir) =>
        File.ReadLines("/proc/self/mounts").Select(line => line.Split(' ')[1]).Where(m => m.StartsWith(dir + "/", StringComparison.Ordinal)).ToList();

    /// <summary>Binds the host's /proc and /dev into the root until disposed, as a server in it needs them.</summary>
    public static async Task<IAsyncDisposable> BindSystemAsync(string root)
    {
        var mounts = new Mounts();
        try
        {
            foreach (var dir in (string[])["proc", "dev"])
            {
                var target = Path.Combine(root, dir);
                var run = await Processes.RunAsync("mount", ["--bind", "/" + dir, target]);
                Assert.True(run.ExitCode == 0, $"mount --bind /{dir} {target}: {run.Stderr}");
                mounts.Targets.Add(target);
            }

            return mounts;
        }
        catch
        {
            await mounts.DisposeAsync();
            throw;
        }
    }

    private sealed class Mounts : IAsyncDisposable
    {
        public List<string> Targets { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var target in Enumerable.Reverse(Targets))
            {
                // A lazy unmount when something in the root still holds the mount, so no bind outlives the test.
                if ((await Processes.RunAsync("umount", [target])).ExitCode != 0)
                    await Processes.RunAsync("umount", ["-l", target]);
            }
        }
    }
}
