using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;
using Bifrost.Core.Tests.Support;

namespace Bifrost.Core.Tests.AppArmor;

/// <summary>
/// Golden profiles: each folder under AppArmor/Cases holds observations.json and the expected.apparmor generated from it.
/// Set BIFROST_UPDATE_GOLDEN=1 to rewrite the expected files after an intended change.
/// </summary>
public sealed class ProfileGoldenTests
{
    public static TheoryData<string> Cases() => GoldenFiles.CaseNames(CasesDirectory);

    private static string CasesDirectory { get; } = Repository.Path("tests", "Bifrost.Core.Tests", "AppArmor", "Cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_Case_MatchesExpectedProfile(string name)
    {
        var (observations, profile) = Load(name);
        GoldenFiles.AssertText(Path.Combine(CasesDirectory, name, "expected.apparmor"), profile.Text);
        Assert.NotEmpty(observations);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_Case_AllowsEveryObservation(string name)
    {
        var (observations, profile) = Load(name);
        var parsed = new ProfileParser(IncludeResolver.System).Parse(profile.Text);
        var denials = ProfileChecker.Check(CompiledProfile.Compile(parsed), observations);
        Assert.True(denials.Count == 0, string.Join('\n', denials));
    }

    [RequiresTheory("apparmor_parser")]
    [MemberData(nameof(Cases))]
    public void Compile_Case_RealParserAccepts(string name)
    {
        var (_, profile) = Load(name);
        ApparmorParser.AssertCompiles(profile.Text);
    }

    private static (IReadOnlyList<Observation> Observations, GeneratedProfile Profile) Load(string name)
    {
        var observations = ObservationJson.Deserialize(File.ReadAllText(Path.Combine(CasesDirectory, name, "observations.json")));
        var profile = ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = "bifrost_golden_" + name.Replace('-', '_') });
        return (observations, profile);
    }
}
