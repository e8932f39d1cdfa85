using Bifrost.Core.Observations;

namespace Bifrost.Core.Tests.AppArmor;

/// <summary>Short constructors for observations in tests.</summary>
internal static class ObservationSamples
{
    public static FileObservation File(string path, AccessMask access) => new() { Container = "app", Path = path, Access = access };

    public static ExecObservation Exec(string path, string? interpreter = null) => new() { Container = "app", Path = path, Interpreter = interpreter };

    public static List<Observation> Typical() =>
    [
        File("/etc/nginx/nginx.conf", AccessMask.Read),
        File("/etc/ld.so.cache", AccessMask.Read | AccessMask.MmapExec),
        File("/opt/app/lib/libfoo.so.1.2.3", AccessMask.Read | AccessMask.MmapExec),
        File("/proc/4242/stat", AccessMask.Read),
        File("/var/log/nginx/access.log", AccessMask.Append),
        File("/var/cache/nginx/tmp", AccessMask.Read | AccessMask.Write | AccessMask.Create | AccessMask.Lock),
        Exec("/app/start.sh", "/bin/sh"),
        Exec("/usr/sbin/nginx"),
        new SocketObservation { Container = "app", Family = "inet", Type = "stream" },
        new SocketObservation { Container = "app", Family = "unix", Type = "stream", UnixPath = "/run/app.sock", UnixOperation = "connect" },
        new CapabilityObservation { Container = "app", Name = "net_bind_service" },
        new CapabilityObservation { Container = "app", Name = "setuid" },
        new SignalObservation { Container = "app", Signal = 15, SamePod = true },
        new PtraceObservation { Container = "app", Mode = "read", SamePod = true },
    ];
}
