namespace Bifrost.Cli.Commands;

/// <summary>GNU-style options: <c>--name value</c>, <c>--name=value</c>, short <c>-f value</c>, and bare switches.</summary>
internal sealed class CommandOptions
{
    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal) { "--not-owner" };

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static CommandOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CommandOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
                throw new ArgumentException($"unexpected argument '{arg}'");
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                options.values[arg[..eq]] = arg[(eq + 1)..];
            else if (Switches.Contains(arg))
                options.values[arg] = "";
            else if (i + 1 < args.Count)
                options.values[arg] = args[++i];
            else
                throw new ArgumentException($"option '{arg}' needs a value");
        }
        return options;
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public bool Has(string name) => values.ContainsKey(name);

    public string Required(params string[] names) =>
        names.Select(Get).FirstOrDefault(v => v is not null) ?? throw new ArgumentException($"{names[^1]} is required");
}
