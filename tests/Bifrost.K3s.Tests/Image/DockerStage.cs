namespace Bifrost.K3s.Tests.Image;

/// <summary>A <c>FROM … AS name</c> stage and its own instructions (not those of the stage it starts from).</summary>
internal sealed record DockerStage(string Name, string From, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction? Last(string keyword) => All(keyword).LastOrDefault();

    /// <summary>Every package an <c>apt-get install</c> of this stage installs.</summary>
    public IEnumerable<string> AptPackages() =>
        All("RUN").SelectMany(r => r.Commands())
            .Where(c => c.StartsWith("apt-get install ", StringComparison.Ordinal))
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).Where(w => !w.StartsWith('-')));

    /// <summary>The <c>dotnet publish</c> commands this stage runs.</summary>
    public IEnumerable<string> Publishes() =>
        All("RUN").SelectMany(r => r.Commands()).Where(c => c.StartsWith("dotnet publish ", StringComparison.Ordinal));
}
