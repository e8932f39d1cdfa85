using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;
using static Bifrost.Core.Tests.AppArmor.ObservationSamples;

namespace Bifrost.Core.Tests.AppArmor;

/// <summary>The content-tree and created-file-number rules, checked on the text and by replaying a second run.</summary>
public sealed class GeneralisationTests
{
    private static GeneratedProfile Generate(IEnumerable<Observation> observations) =>
        ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = "bifrost_test", Mode = ProfileMode.Enforce });

    private static IReadOnlyList<ProfileDenial> Replay(GeneratedProfile profile, params Observation[] observations) =>
        ProfileChecker.Check(CompiledProfile.Compile(new ProfileParser(IncludeResolver.BuiltInOnly).Parse(profile.Text)), observations);

    private static IEnumerable<Observation> Reads(string directory, int count) =>
        Enumerable.Range(0, count).Select(i => File($"{directory}/page-{i}.html", AccessMask.Read));

    [Fact]
    public void Generate_ReadOnlyFilesAcrossAWebRoot_GlobsTheTreeAndAllowsOtherFilesInIt()
    {
        var profile = Generate([File("/srv/www/site/index.html", AccessMask.Read), .. Reads("/srv/www/site/a", 5), .. Reads("/srv/www/site/b", 3)]);
        Assert.Contains("  /srv/www/site/** r,\n", profile.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("page-0", profile.Text, StringComparison.Ordinal);
        Assert.Empty(Replay(profile, File("/srv/www/site/c/deep/other.css", AccessMask.Read)));
        Assert.NotEmpty(Replay(profile, File("/srv/www/site/a/page-0.html", AccessMask.Write)));
        Assert.NotEmpty(Replay(profile, File("/srv/www/other.html", AccessMask.Read)));
    }

    [Fact]
    public void Generate_FewerReadOnlyFilesThanTheThreshold_KeepsLiteralPaths()
    {
        var text = Generate([.. Reads("/srv/www/a", 4), .. Reads("/srv/www/b", GeneralisationRules.ContentTreeThreshold - 5)]).Text;
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.Contains("  /srv/www/a/page-0.html r,\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ReadOnlyFilesInOneDirectory_AreLeftToTheTempDirectoryRule()
    {
        var text = Generate(Reads("/srv/www/a", GeneralisationRules.ContentTreeThreshold)).Text;
        Assert.Contains("  /srv/www/a/* r,\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ReadsSpreadOverTwoSubtrees_GlobsTheDeepestDirectoryThatHoldsThem()
    {
        var text = Generate([.. Reads("/srv/data/set/x", 4), .. Reads("/srv/data/set/y", 4), File("/srv/data/notes.txt", AccessMask.Read)]).Text;
        Assert.Contains("  /srv/data/set/** r,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /srv/data/notes.txt r,\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/srv/data/**", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/app")]
    [InlineData("/run/secrets/app")]
    [InlineData("/var/run/secrets/kubernetes.io")]
    [InlineData("/home/user")]
    [InlineData("/srv")]
    public void Generate_ReadsUnderASystemTreeOrATopLevelDirectory_NeverGlobsATree(string root)
    {
        var profile = Generate([.. Reads(root + "/a", 5), .. Reads(root + "/b", 5)]);
        Assert.DoesNotContain("**", profile.Text, StringComparison.Ordinal);
        Assert.NotEmpty(Replay(profile, File(root + "/c/secret", AccessMask.Read)));
    }

    [Fact]
    public void Generate_TreeWithAWrittenFile_GlobsOnlyTheReadsAndKeepsTheWriteLiteral()
    {
        var text = Generate([.. Reads("/srv/app/a", 5), .. Reads("/srv/app/b", 5), File("/srv/app/b/state.db", AccessMask.Read | AccessMask.Write)]).Text;
        Assert.Contains("  /srv/app/** r,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /srv/app/b/state.db rw,\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_CreatedFileWithAPidInItsName_AllowsTheNextRunsPid()
    {
        var profile = Generate(
        [
            File("/data/temp-11876.rdb", AccessMask.Write | AccessMask.Create | AccessMask.Delete),
            File("/data/dump.rdb", AccessMask.Create),
        ]);
        Assert.Contains("  /data/temp-[0-9]*.rdb w,\n", profile.Text, StringComparison.Ordinal);
        Assert.Empty(Replay(profile, File("/data/temp-4.rdb", AccessMask.Write | AccessMask.Create | AccessMask.Delete)));
        Assert.NotEmpty(Replay(profile, File("/data/temp.rdb", AccessMask.Write)));
        Assert.NotEmpty(Replay(profile, File("/data/temp-12/x.rdb", AccessMask.Write)));
    }

    [Fact]
    public void Generate_NumbersInFilesOnlyReadOrInDirectories_StayLiteral()
    {
        var text = Generate(
        [
            File("/srv/app/v2/config-1.json", AccessMask.Read),
            File("/srv/app/v2/out.log", AccessMask.Write | AccessMask.Create),
        ]).Text;
        Assert.Contains("  /srv/app/v2/config-1.json r,\n", text, StringComparison.Ordinal);
        Assert.Contains("  /srv/app/v2/out.log w,\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_CreatedFileWithGlobCharactersAroundTheNumber_EscapesThem()
    {
        var profile = Generate([File("/srv/app/run [1].tmp", AccessMask.Write | AccessMask.Create)]);
        Assert.Contains("\"/srv/app/run \\[[0-9]*\\].tmp\" w,", profile.Text, StringComparison.Ordinal);
        Assert.Empty(Replay(profile, File("/srv/app/run [27].tmp", AccessMask.Write)));
    }
}
