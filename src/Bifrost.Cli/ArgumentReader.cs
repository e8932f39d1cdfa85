namespace Bifrost.Cli;

/// <summary>
/// Walks a command line of options: <c>--name value</c>, <c>--name=value</c>, <c>-n value</c> and flags.
/// Small on purpose; commands switch on <see cref="Next"/> and ask for values.
/// </summary>
internal sealed class ArgumentReader(IReadOnlyList<string> args)
{
    private int index;
    private string? current;
    private string? inline;

    /// <summary>The next option's name (without any <c>=value</c>), or null at the end.</summary>
    public string? Next()
    {
        if (inline is not null)
            throw new UsageException($"option {current} takes no value");
        if (index >= args.Count)
            return null;

        var arg = args[index++];
        if (arg.Length < 2 || arg[0] != '-')
            throw new UsageException($"unexpected argument '{arg}'");
        var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
        current = equals < 0 ? arg : arg[..equals];
        inline = equals < 0 ? null : arg[(equals + 1)..];
        return current;
    }

    /// <summary>The current option's value: after '=' or the next argument (which may be '-', meaning stdin).</summary>
    public string Value()
    {
        if (this.inline is { } inline)
        {
            this.inline = null;
            return inline;
        }

        if (index >= args.Count)
            throw new UsageException($"option {current} needs a value");
        return args[index++];
    }

    /// <summary>A <c>KEY=VALUE</c> value, as for labels.</summary>
    public (string Key, string Value) Pair()
    {
        var value = Value();
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? (value[..equals], value[(equals + 1)..])
            : throw new UsageException($"option {current} needs KEY=VALUE, got '{value}'");
    }
}
