using Bifrost.Core.AppArmor;

namespace Bifrost.Core.Tests.AppArmor;

public sealed class ProfileParserTests
{
    private static readonly ProfileParser Parser = new(IncludeResolver.BuiltInOnly);

    [Fact]
    public void Parse_HandWrittenProfile_ReadsEveryCheckedRuleKind()
    {
        const string Text = """
            #include <tunables/global>
            @{APP}=/opt/app /srv/app
            /usr/bin/app flags=(complain) {
              #include <abstractions/base>
              capability net_bind_service setuid,
              network inet tcp,
              signal (send, receive) set=(term, kill) peer=other,
              ptrace (read) peer=@{profile_name},
              unix (connect) type=stream addr="@sock",
              mount fstype=tmpfs -> /mnt/,
              deny owner @{APP}/secret/** rwl,
              audit /var/log/app.log w,
              r /etc/app.conf,
              file rix /usr/bin/helper,
              dbus send bus=session,
              ^hat {
                /hat/only r,
              }
            }
            """;
        var profile = Parser.Parse(Text);

        Assert.Equal("/usr/bin/app", profile.Name);
        Assert.True(profile.IsComplain);
        Assert.Contains(profile.Rules, r => r is CapabilityRule c && c.Names.SequenceEqual(["net_bind_service", "setuid"]));
        Assert.Contains(profile.Rules, r => r is NetworkRule { Family: "inet", Type: "stream" });
        Assert.Contains(profile.Rules, r => r is SignalRule s && s.Signals.SequenceEqual(["term", "kill"]) && s.Peer == "other");
        Assert.Contains(profile.Rules, r => r is UnixRule { Type: "stream", Address: "@sock" });
        Assert.Contains(profile.Rules, r => r is MountRule { Target: "/mnt/" } m && m.FsTypes.SequenceEqual(["tmpfs"]));
        Assert.Contains(profile.Rules, r => r is FileRule { Deny: true, Owner: true, Path: "@{APP}/secret/**" });
        Assert.Contains(profile.Rules, r => r is FileRule { Path: "/etc/app.conf", Permissions: FilePermissions.Read });
        Assert.Contains(profile.Rules, r => r is FileRule { Path: "/usr/bin/helper", ExecMode: "ix" });
        Assert.DoesNotContain(profile.Rules, r => r is FileRule { Path: "/hat/only" });
        Assert.Contains(profile.Warnings, w => w.Contains("dbus", StringComparison.Ordinal));
        Assert.Equal(["/opt/app", "/srv/app"], profile.Variables.Expand("@{APP}"));
    }

    [Fact]
    public void Parse_QuotedPathWithEscapes_KeepsLiteralCharacters()
    {
        var profile = Parser.Parse("profile p {\n  \"/tmp/a b\\012c\\\"d\" r,\n  /tmp/com,ma r,\n}\n");
        var paths = profile.Rules.OfType<FileRule>().Select(r => r.Path).ToList();
        Assert.Contains("/tmp/a b\nc\"d", paths);
        Assert.Contains("/tmp/com,ma", paths);
    }

    [Fact]
    public void Parse_BaseInclude_AddsBaseRules()
    {
        var profile = Parser.Parse("include <tunables/global>\nprofile p {\n  include <abstractions/base>\n}\n");
        Assert.Contains(profile.Rules, r => r is FileRule { Path: "/dev/null" });
    }

    [Fact]
    public void Parse_MissingInclude_WarnsInsteadOfFailing()
    {
        var profile = Parser.Parse("profile p {\n  include <abstractions/nope>\n  include if exists <local/nope>\n}\n");
        Assert.Single(profile.Warnings);
    }

    // Found by fuzzing: `include /usr/bin` read every program there as profile text, about 11 s a parse.
    [Fact]
    public void Parse_AbsoluteIncludeWithBuiltInOnly_ReadsNoFile()
    {
        var directory = Directory.CreateTempSubdirectory("bifrost-include-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "extra"), "/secret r,\n");
            var text = $"profile p {{\n  include \"{directory.FullName}\"\n  /tmp/x r,\n}}\n";

            var builtIn = Parser.Parse(text);
            var reading = new ProfileParser(new IncludeResolver([])).Parse(text);

            Assert.DoesNotContain(builtIn.Rules, r => r is FileRule { Path: "/secret" });
            Assert.Single(builtIn.Warnings);
            Assert.Contains(reading.Rules, r => r is FileRule { Path: "/secret" });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("profile p {\n  /tmp/x rwz,\n}\n")]
    [InlineData("profile p {\n  /tmp/x r\n}\n")]
    [InlineData("profile p {\n  relative/path r,\n}\n")]
    [InlineData("profile p {\n  /tmp/x r,\n")]
    [InlineData("/tmp/x r,\n")]
    public void Parse_BrokenProfile_ThrowsFormatException(string text) =>
        Assert.ThrowsAny<FormatException>(() => Parser.Parse(text));
}
