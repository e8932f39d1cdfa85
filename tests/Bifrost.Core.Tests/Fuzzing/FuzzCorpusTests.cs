using Bifrost.Fuzz;

namespace Bifrost.Core.Tests.Fuzzing;

/// <summary>
/// Every seed of tests/fuzz/corpus and every input a fuzzer once crashed on (tests/fuzz/regressions), replayed
/// in-process through its target: the corpora stay inputs the targets accept, and each crash stays fixed.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string, string> Inputs()
    {
        var inputs = new TheoryData<string, string>();
        foreach (var folder in new[] { "corpus", "regressions" })
        {
            foreach (var target in FuzzTargets.Names)
            {
                var directory = Repository.Path("tests", "fuzz", folder, target);
                if (!Directory.Exists(directory))
                    continue;
                foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
                    inputs.Add(target, Path.GetRelativePath(Repository.Root, file));
            }
        }
        return inputs;
    }

    [Fact]
    public void Corpus_HasSeedsForEveryTarget()
    {
        foreach (var target in FuzzTargets.Names)
            Assert.NotEmpty(Directory.GetFiles(Repository.Path("tests", "fuzz", "corpus", target)));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Target_ReplayedInput_ShowsNoBug(string target, string file)
    {
        var input = File.ReadAllBytes(Path.Combine(Repository.Root, file));

        var fault = Record.Exception(() => FuzzTargets.Run(target, input));

        Assert.Null(fault);
    }
}
