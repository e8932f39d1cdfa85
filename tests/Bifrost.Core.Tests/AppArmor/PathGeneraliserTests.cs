using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Tests.AppArmor;

public sealed class PathGeneraliserTests
{
    [Theory]
    [InlineData("/proc/4242/stat", "/proc/@{pid}/stat")]
    [InlineData("/proc/4242", "/proc/@{pid}")]
    [InlineData("/proc/4242/task/4250/comm", "/proc/@{pid}/task/@{tid}/comm")]
    [InlineData("/proc/4242/fd/17", "/proc/@{pid}/fd/[0-9]*")]
    [InlineData("/proc/4242/task/4250/fdinfo/3", "/proc/@{pid}/task/@{tid}/fdinfo/[0-9]*")]
    [InlineData("/proc/sys/net/core/somaxconn", "/proc/sys/net/core/somaxconn")]
    public void Generalise_ProcPidAndTid_BecomeVariables(string path, string expected) =>
        Assert.Equal(expected, PathGeneraliser.Generalise(path));

    [Theory]
    [InlineData("/var/lib/app/9f1c2b7e-1234-4a5b-9c8d-0123456789ab/data", "/var/lib/app/*/data")]
    [InlineData("/var/cache/x/sess-9F1C2B7E-1234-4A5B-9C8D-0123456789AB.tmp", "/var/cache/x/sess-*.tmp")]
    public void Generalise_Uuid_BecomesStar(string path, string expected) =>
        Assert.Equal(expected, PathGeneraliser.Generalise(path));

    [Theory]
    [InlineData("/var/lib/containers/3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d/log", "/var/lib/containers/*/log")]
    [InlineData("/srv/cache/deadbeef", "/srv/cache/deadbeef")]
    [InlineData("/srv/cafebabe1234x/y", "/srv/cafebabe1234x/y")]
    public void Generalise_LongHexRun_BecomesStarOnlyWhenLongAndWhole(string path, string expected) =>
        Assert.Equal(expected, PathGeneraliser.Generalise(path));

    [Theory]
    [InlineData("/var/log/app/req-1700000000123.json", "/var/log/app/req-*.json")]
    [InlineData("/var/log/app/v12345.json", "/var/log/app/v12345.json")]
    public void Generalise_LongDigitRun_BecomesStar(string path, string expected) =>
        Assert.Equal(expected, PathGeneraliser.Generalise(path));

    [Theory]
    [InlineData("/opt/app/lib/libfoo.so.1.2.3", "/opt/app/lib/libfoo.so*")]
    [InlineData("/opt/app/lib/libfoo.so.1", "/opt/app/lib/libfoo.so*")]
    [InlineData("/opt/app/lib/libfoo.so", "/opt/app/lib/libfoo.so")]
    [InlineData("/opt/app/lib/libfoo.so.conf", "/opt/app/lib/libfoo.so.conf")]
    public void Generalise_VersionedLibrary_BecomesSoStar(string path, string expected) =>
        Assert.Equal(expected, PathGeneraliser.Generalise(path));

    [Theory]
    [InlineData("/1700000000123/x", "/1700000000123/x")]
    [InlineData("/3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d", "/3f2a9c0d1e4b5a6f7c8d9e0f1a2b3c4d")]
    public void Generalise_TopLevelComponent_IsNeverWidened(string path, string expected) =>
        Assert.Equal(expected, PathGeneraliser.Generalise(path));

    [Fact]
    public void Generalise_AdjacentIds_NeverFormDoubleStar()
    {
        var pattern = PathGeneraliser.Generalise("/var/x/9f1c2b7e-1234-4a5b-9c8d-0123456789ab1234567/y");
        Assert.DoesNotContain("**", pattern, StringComparison.Ordinal);
    }

    [Fact]
    public void Generalise_MetacharactersAroundIds_StayEscaped() =>
        Assert.Equal("/var/x/a\\*-*\\{\\}", PathGeneraliser.Generalise("/var/x/a*-1700000000123{}"));

    [Theory]
    [InlineData("/tmp/x (deleted)", "/tmp/x")]
    [InlineData("/proc/self/status", "/proc/1/status")]
    [InlineData("/proc/thread-self/comm", "/proc/1/task/1/comm")]
    [InlineData("/proc/selfish", "/proc/selfish")]
    public void Normalise_KernelView_StripsDeletedAndResolvesSelf(string path, string expected) =>
        Assert.Equal(expected, KernelPath.Normalise(path));

    [Fact]
    public void Rules_EveryRule_HasANameAndDescription() =>
        Assert.All(GeneralisationRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Name + r.Description)));
}
