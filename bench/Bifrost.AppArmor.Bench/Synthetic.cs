using Bifrost.Core.Observations;

namespace Bifrost.AppArmor.Bench;

/// <summary>Observation sets shaped like a web server's: config, libraries, /proc, logs and per-request temp files.</summary>
internal static class Synthetic
{
    public static List<Observation> Typical(int count, int distinctFiles)
    {
        var random = new Random(42);
        var observations = new List<Observation>(count);
        string[] fixedPaths =
        [
            "/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/passwd", "/etc/group", "/etc/ld.so.cache",
            "/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2", "/var/log/nginx/access.log",
            "/var/log/nginx/error.log", "/usr/share/nginx/html/index.html",
        ];
        for (var i = 0; i < count; i++)
        {
            var kind = i % 20;
            observations.Add(kind switch
            {
                0 => new ExecObservation { Container = "web", Path = "/usr/sbin/nginx" },
                1 => new SocketObservation { Container = "web", Family = "inet", Type = "stream" },
                2 => new CapabilityObservation { Container = "web", Name = random.Next(2) == 0 ? "net_bind_service" : "setuid" },
                3 => new FileObservation { Container = "web", Path = $"/proc/{random.Next(1, 100_000)}/stat", Access = AccessMask.Read },
                < 8 => new FileObservation { Container = "web", Path = fixedPaths[random.Next(fixedPaths.Length)], Access = AccessMask.Read },
                _ => new FileObservation
                {
                    Container = "web",
                    Path = $"/var/cache/nginx/client_temp/{random.Next(distinctFiles):D10}",
                    Access = AccessMask.Read | AccessMask.Write | AccessMask.Create,
                },
            });
        }
        return observations;
    }
}
