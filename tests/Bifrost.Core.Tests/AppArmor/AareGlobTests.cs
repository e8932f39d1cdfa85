using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Tests.AppArmor;

public sealed class AareGlobTests
{
    private static bool Matches(string pattern, string path) =>
        AareGlob.Compile(AareVariables.BuiltIn().Expand(pattern)).IsMatch(path);

    [Theory]
    [InlineData("/etc/*", "/etc/passwd", true)]
    [InlineData("/etc/*", "/etc/ssl/certs", false)]
    [InlineData("/etc/*", "/etc/", false)]
    [InlineData("/etc/**", "/etc/ssl/certs/ca.pem", true)]
    [InlineData("/etc/**", "/etc/", false)]
    [InlineData("/etc/*.conf", "/etc/a.conf", true)]
    [InlineData("/etc/*.conf", "/etc/.conf", true)]
    [InlineData("/var/log/app?.log", "/var/log/app1.log", true)]
    [InlineData("/var/log/app?.log", "/var/log/app/.log", false)]
    [InlineData("/dev/tty[0-9]", "/dev/tty7", true)]
    [InlineData("/dev/tty[0-9]", "/dev/ttyS", false)]
    [InlineData("/dev/tty[^0-9]", "/dev/ttyS", true)]
    [InlineData("/dev/tty[^0-9]", "/dev/tty1", false)]
    [InlineData("/usr/{lib,lib64}/x", "/usr/lib64/x", true)]
    [InlineData("/usr/{lib,lib64}/x", "/usr/lib32/x", false)]
    [InlineData("/{usr/,}lib{,32,64}/**.so*", "/lib/x86_64-linux-gnu/libc.so.6", true)]
    [InlineData("/{usr/,}lib{,32,64}/**.so*", "/usr/lib32/a/b.so", true)]
    [InlineData("/a/{b,c{d,e}}/f", "/a/ce/f", true)]
    [InlineData("/a/{b,c{d,e}}/f", "/a/cf/f", false)]
    [InlineData("/tmp/a\\*b", "/tmp/a*b", true)]
    [InlineData("/tmp/a\\*b", "/tmp/axb", false)]
    [InlineData("/tmp/\\{x\\}", "/tmp/{x}", true)]
    [InlineData("@{PROC}/@{pid}/maps", "/proc/4242/maps", true)]
    [InlineData("@{PROC}/@{pid}/maps", "/proc/self/maps", false)]
    [InlineData("@{PROC}/@{pid}/maps", "/proc/0/maps", false)]
    [InlineData("@{PROC}/sys/kernel/version", "/proc/sys/kernel/version", true)]
    [InlineData("@{run}/uuidd/request", "/var/run/uuidd/request", true)]
    [InlineData("@{HOME}/.bashrc", "/home/ann/.bashrc", true)]
    [InlineData("@{HOME}/.bashrc", "/root/.bashrc", true)]
    [InlineData("@{HOME}/.bashrc", "/home/.bashrc", false)]
    [InlineData("/tmp/sp ace/x", "/tmp/sp ace/x", true)]
    [InlineData("/tmp/ü/ファイル", "/tmp/ü/ファイル", true)]
    public void Compile_Pattern_MatchesLikeAppArmor(string pattern, string path, bool expected) =>
        Assert.Equal(expected, Matches(pattern, path));

    [Fact]
    public void Compile_UnbalancedBrace_Throws() =>
        Assert.Throws<FormatException>(() => AareGlob.ToRegex("/a/{b,c"));

    [Fact]
    public void Expand_UndefinedVariable_Throws() =>
        Assert.Throws<FormatException>(() => AareVariables.BuiltIn().Expand("/a/@{nope}/b"));

    [Fact]
    public void Expand_MultiValuedVariable_GivesOnePatternPerValue() =>
        Assert.Equal(["/run//x", "/var/run//x"], AareVariables.BuiltIn().Expand("@{run}/x"));
}
