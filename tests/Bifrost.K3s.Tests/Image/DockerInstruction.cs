using System.Text.Json;

namespace Bifrost.K3s.Tests.Image;

/// <summary>One Dockerfile instruction, its continuation lines joined: <c>RUN a \ &amp;&amp; b</c> is one.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>The exec form (<c>["dotnet", "x.dll"]</c>) as its words; shell form is not used for entrypoints here.</summary>
    public IReadOnlyList<string> ExecForm() =>
        Arguments.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(Arguments) ?? []
            : throw new InvalidOperationException($"{Keyword} {Arguments} is not in exec form");

    /// <summary>Whitespace-separated words, options first (<c>COPY --from=x a b</c>).</summary>
    public IReadOnlyList<string> Words() => Arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value of an option such as <c>--from</c>, or null.</summary>
    public string? Option(string name) =>
        Words().TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal))
            .FirstOrDefault(w => w.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..];

    /// <summary>The words after the options: sources then destination for COPY.</summary>
    public IReadOnlyList<string> Operands() => [.. Words().SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal))];

    /// <summary>Each command of a RUN, split at <c>&amp;&amp;</c>.</summary>
    public IEnumerable<string> Commands() =>
        Arguments.Split("&&", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
