using System.Text.RegularExpressions;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;
using Bifrost.Core.Workloads;
using static Bifrost.Core.Tests.AppArmor.ObservationSamples;

namespace Bifrost.Core.Tests.AppArmor;

public sealed partial class ProfileGeneratorTests
{
    private static GeneratedProfile Generate(IEnumerable<Observation> observations, ProfileMode mode = ProfileMode.Complain) =>
        ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = "bifrost_test", Mode = mode });

    [Fact]
    public void Generate_Complain_HasAbiTunablesFlagsAndBase()
    {
        var text = Generate(Typical()).Text;
        Assert.StartsWith("# ", text, StringComparison.Ordinal);
        Assert.Contains("abi <abi/3.0>,\n\ninclude <tunables/global>\n\nprofile bifrost_test flags=(attach_disconnected,mediate_deleted,complain) {\n  include <abstractions/base>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Enforce_DiffersOnlyByTheComplainFlag()
    {
        var complain = Generate(Typical()).Text;
        var enforce = Generate(Typical(), ProfileMode.Enforce).Text;
        Assert.Equal(complain.Replace(",complain)", ")", StringComparison.Ordinal), enforce);
    }

    [Fact]
    public void Generate_AlwaysLetsTheRuntimeSignalThePod()
    {
        var text = Generate([]).Text;
        Assert.Contains("signal (receive) peer=unconfined,", text, StringComparison.Ordinal);
        Assert.Contains("signal (receive) peer=runc,", text, StringComparison.Ordinal);
        Assert.Contains("signal (receive) peer=crun,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TypicalInput_WritesExpectedPermissions()
    {
        var text = Generate(Typical()).Text;
        Assert.Contains("  /app/start.sh rix,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /bin/sh ix,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /opt/app/lib/libfoo.so* mr,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /proc/@{pid}/stat r,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /var/log/nginx/access.log a,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /var/cache/nginx/tmp rwk,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /run/app.sock rw,\n", text, StringComparison.Ordinal);
        Assert.Contains("  network unix stream,\n", text, StringComparison.Ordinal);
        Assert.Contains("  signal (send) set=(term) peer=@{profile_name},\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ld.so.cache", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AnyInput_NeverWritesBareXOrWriteWithAppend()
    {
        var text = Generate([.. Typical(), File("/x/y", AccessMask.Write | AccessMask.Append | AccessMask.Exec)]).Text;
        foreach (Match match in PermissionsAtLineEnd().Matches(text))
        {
            var perms = match.Groups[1].Value;
            Assert.False(perms.Contains('w', StringComparison.Ordinal) && perms.Contains('a', StringComparison.Ordinal), perms);
            Assert.DoesNotMatch("(^|[^ipcuPCU])x", perms);
        }
    }

    [Fact]
    public void Generate_ShuffledInput_GivesSameText()
    {
        var observations = Typical();
        var shuffled = observations.AsEnumerable().Reverse().ToList();
        Assert.Equal(Generate(observations).Text, Generate(shuffled).Text);
    }

    [Fact]
    public void Generate_ManyFilesInOneDirectory_GlobsTheDirectory()
    {
        var files = Enumerable.Range(0, GeneralisationRules.TempFileThreshold).Select(i => File($"/var/spool/app/job-{i}.json", AccessMask.Read | AccessMask.Write));
        var text = Generate(files).Text;
        Assert.Contains("  /var/spool/app/* rw,\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("job-0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_FewFilesOrTopLevelDirectory_KeepsLiteralPaths()
    {
        var few = Enumerable.Range(0, GeneralisationRules.TempFileThreshold - 1).Select(i => File($"/var/spool/app/job-{i}.json", AccessMask.Read));
        var topLevel = Enumerable.Range(0, 20).Select(i => File($"/tmp/tmpfile{i}", AccessMask.Write));
        var text = Generate([.. few, .. topLevel]).Text;
        Assert.DoesNotContain("/var/spool/app/*", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/tmp/*", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/**", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_UnusablePathsAndUnknownNames_AreDroppedWithCountedWarnings()
    {
        var profile = Generate(
        [
            File("relative/path", AccessMask.Read),
            File("also/relative", AccessMask.Read),
            File("/bad\0nul", AccessMask.Read),
            new CapabilityObservation { Container = "app", Name = "no_such_cap" },
            new SocketObservation { Container = "app", Family = "bogus", Type = "stream" },
        ]);
        Assert.Contains("2 file path(s) dropped: not an absolute path", profile.Warnings);
        Assert.Equal(4, profile.Warnings.Count);
        Assert.DoesNotContain("no_such_cap", profile.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ForWorkload_Enforce_NameCarriesHashOfText()
    {
        var workload = new WorkloadIdentity("shop", "Deployment", "web");
        var learning = ProfileGenerator.ForWorkload(workload, "nginx", Typical(), ProfileMode.Complain);
        var enforce = ProfileGenerator.ForWorkload(workload, "nginx", Typical(), ProfileMode.Enforce);
        var changed = ProfileGenerator.ForWorkload(workload, "nginx", [.. Typical(), File("/etc/extra", AccessMask.Read)], ProfileMode.Enforce);

        Assert.Equal(ProfileNames.Learning(workload, "nginx"), learning.Name);
        Assert.Matches("^bifrost_shop_deploy_web_nginx_[0-9a-f]{10}$", enforce.Name);
        Assert.NotEqual(enforce.Name, changed.Name);
        Assert.Contains($"profile {enforce.Name} flags=(attach_disconnected,mediate_deleted) {{", enforce.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_BadName_Throws() =>
        Assert.Throws<ArgumentException>(() => ProfileGenerator.Generate([], new ProfileGeneratorOptions { Name = "has space" }));

    [RequiresFact("apparmor_parser")]
    public void Generate_TypicalInput_CompilesWithRealParserInBothModes()
    {
        ApparmorParser.AssertCompiles(Generate(Typical()).Text);
        ApparmorParser.AssertCompiles(Generate(Typical(), ProfileMode.Enforce).Text);
    }

    [RequiresFact("apparmor_parser")]
    public void Generate_WithoutAbiLine_StillCompiles()
    {
        Assert.True(System.IO.File.Exists("/etc/apparmor.d/abi/3.0"), "abi/3.0 should ship with the apparmor package");
        var text = Generate(Typical()).Text.Replace("abi <abi/3.0>,\n", "", StringComparison.Ordinal);
        ApparmorParser.AssertCompiles(text);
    }

    [RequiresFact("apparmor_parser")]
    public void RealParser_RefusesWhatTheGeneratorAvoids()
    {
        Assert.NotEqual(0, ApparmorParser.Compile("profile p {\n  /tmp/x x,\n}\n").ExitCode);
        Assert.NotEqual(0, ApparmorParser.Compile("profile p {\n  /tmp/x wa,\n}\n").ExitCode);
    }

    [GeneratedRegex(@" ([a-zA-Z]+),\n")]
    private static partial Regex PermissionsAtLineEnd();
}
