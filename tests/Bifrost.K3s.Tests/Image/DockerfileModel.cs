using System.Text.RegularExpressions;

namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// The repository's Dockerfile read into stages, enough to check statically what a container engine would build:
/// comments dropped, continuation lines joined, each stage with the instructions written under it.
/// </summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public static DockerfileModel Repository { get; } = Parse(File.ReadAllText(Bifrost.Testing.Repository.Path("Dockerfile")));

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>What <c>docker build</c> without <c>--target</c> builds.</summary>
    public DockerStage Default => Stages[^1];

    public DockerStage Stage(string name) =>
        Stages.SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"the Dockerfile has no stage '{name}'");

    public bool HasStage(string name) => Stages.Any(s => s.Name == name);

    /// <summary>The stage and the stages it starts from, the first one first.</summary>
    public IReadOnlyList<DockerStage> Chain(string name)
    {
        var chain = new List<DockerStage>();
        for (var stage = Stage(name); ; stage = Stage(stage.From))
        {
            chain.Insert(0, stage);
            if (!HasStage(stage.From))
                return chain;
        }
    }

    /// <summary>Every stage a target needs: its chain and, recursively, the stages it copies from.</summary>
    public IReadOnlySet<string> Needed(string target)
    {
        var needed = new HashSet<string>();
        var pending = new Stack<string>([target]);
        while (pending.TryPop(out var name))
        {
            foreach (var stage in Chain(name).Where(s => needed.Add(s.Name)))
            {
                foreach (var from in stage.All("COPY").Select(c => c.Option("from")).OfType<string>().Where(HasStage))
                    pending.Push(from);
            }
        }

        return needed;
    }

    public static DockerfileModel Parse(string text)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var line in Logical(text))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (keyword, arguments) = space < 0 ? (line, "") : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (keyword == "FROM")
            {
                var from = FromLine().Match(arguments);
                if (!from.Success)
                    throw new InvalidOperationException($"every stage must be named (FROM image AS name): FROM {arguments}");
                current = [];
                stages.Add(new DockerStage(from.Groups["name"].Value, from.Groups["image"].Value, current));
            }
            else
            {
                (current ?? throw new InvalidOperationException($"{keyword} before the first FROM")).Add(new DockerInstruction(keyword, arguments));
            }
        }

        return new DockerfileModel(stages);
    }

    private static IEnumerable<string> Logical(string text)
    {
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
                continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length > 0)
                yield return whole;
        }
    }

    [GeneratedRegex(@"^(?<image>\S+)\s+AS\s+(?<name>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();
}
