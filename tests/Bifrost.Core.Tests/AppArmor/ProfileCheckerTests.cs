using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Tests.AppArmor;

public sealed class ProfileCheckerTests
{
    private const string Profile = """
        include <tunables/global>
        profile app flags=(attach_disconnected) {
          include <abstractions/base>
          capability net_bind_service,
          network inet stream,
          network unix stream,
          signal (send) set=(term) peer=@{profile_name},
          ptrace (read),
          mount fstype=tmpfs -> /mnt/*/,
          /etc/app/** r,
          deny /etc/app/secret r,
          /var/log/app.log a,
          owner /home/*/data rw,
          /usr/bin/tool ix,
          /app/run.sh rix,
          /bin/sh ix,
          /run/app.sock w,
        }
        """;

    private static IReadOnlyList<ProfileDenial> Check(Observation observation, bool assumeOwner = true) =>
        ProfileChecker.Check(CompiledProfile.Compile(new ProfileParser(IncludeResolver.BuiltInOnly).Parse(Profile)), [observation], assumeOwner);

    private static FileObservation File(string path, AccessMask access) => new() { Container = "c", Path = path, Access = access };

    [Theory]
    [InlineData("/etc/app/conf.d/x.conf", AccessMask.Read)]
    [InlineData("/var/log/app.log", AccessMask.Append)]
    [InlineData("/dev/null", AccessMask.Read | AccessMask.Write)]
    [InlineData("/proc/self/maps", AccessMask.Read)]
    [InlineData("/usr/lib/x86_64-linux-gnu/libc.so.6", AccessMask.Read | AccessMask.MmapExec)]
    [InlineData("/etc/app/gone (deleted)", AccessMask.Read)]
    public void Check_AllowedFileAccess_ReportsNothing(string path, AccessMask access) =>
        Assert.Empty(Check(File(path, access)));

    [Theory]
    [InlineData("/etc/shadow", AccessMask.Read, "/etc/shadow r")]
    [InlineData("/etc/app/secret", AccessMask.Read, "/etc/app/secret r")]
    [InlineData("/var/log/app.log", AccessMask.Write, "/var/log/app.log w")]
    [InlineData("/etc/app/x", AccessMask.Write | AccessMask.Read, "/etc/app/x w")]
    [InlineData("/usr/bin/curl", AccessMask.Exec, "/usr/bin/curl x")]
    public void Check_DeniedFileAccess_NamesWhatIsMissing(string path, AccessMask access, string expected) =>
        Assert.Equal(expected, Assert.Single(Check(File(path, access))).Access);

    [Fact]
    public void Check_OwnerRule_AppliesOnlyWhenOwnershipIsAssumed()
    {
        Assert.Empty(Check(File("/home/ann/data", AccessMask.Write)));
        Assert.Single(Check(File("/home/ann/data", AccessMask.Write), assumeOwner: false));
    }

    [Fact]
    public void Check_Exec_NeedsExecModeAndScriptsNeedRead()
    {
        Assert.Empty(Check(new ExecObservation { Container = "c", Path = "/usr/bin/tool" }));
        Assert.Empty(Check(new ExecObservation { Container = "c", Path = "/app/run.sh", Interpreter = "/bin/sh" }));
        Assert.Equal(2, Check(new ExecObservation { Container = "c", Path = "/usr/bin/tool", Interpreter = "/bin/bash" }).Count);
    }

    [Fact]
    public void Check_NonFileAccesses_FollowTheirRules()
    {
        Assert.Empty(Check(new CapabilityObservation { Container = "c", Name = "net_bind_service" }));
        Assert.Single(Check(new CapabilityObservation { Container = "c", Name = "sys_admin" }));
        Assert.Empty(Check(new SocketObservation { Container = "c", Family = "inet", Type = "stream" }));
        Assert.Single(Check(new SocketObservation { Container = "c", Family = "inet", Type = "raw" }));
        Assert.Empty(Check(new SocketObservation { Container = "c", Family = "unix", Type = "stream", UnixPath = "/run/app.sock", UnixOperation = "connect" }));
        Assert.Single(Check(new SocketObservation { Container = "c", Family = "unix", Type = "stream", UnixPath = "/run/other.sock", UnixOperation = "connect" }));
        Assert.Empty(Check(new SignalObservation { Container = "c", Signal = 15, SamePod = true }));
        Assert.Single(Check(new SignalObservation { Container = "c", Signal = 15, SamePod = false }));
        Assert.Empty(Check(new PtraceObservation { Container = "c", Mode = "read" }));
        Assert.Single(Check(new PtraceObservation { Container = "c", Mode = "trace", SamePod = true }));
        Assert.Empty(Check(new MountObservation { Container = "c", Target = "/mnt/scratch", FsType = "tmpfs" }));
        Assert.Single(Check(new MountObservation { Container = "c", Target = "/mnt/scratch", FsType = "ext4" }));
    }

    [Fact]
    public void Check_RealBaseAbstraction_CountsItsRules()
    {
        var profile = new ProfileParser(IncludeResolver.System).Parse(Profile);
        var denials = ProfileChecker.Check(CompiledProfile.Compile(profile),
            [File("/etc/ld.so.cache", AccessMask.Read | AccessMask.MmapExec), File("/usr/share/zoneinfo/UTC", AccessMask.Read)]);
        Assert.Empty(denials);
    }
}
