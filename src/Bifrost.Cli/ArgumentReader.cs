namespace Bifrost.Cli;

/// <summary>
/// Walks a command line of options: <c>--name value</c>, <c>--name=value</c>, <c>-n value</c> and flags.
/// Small on purpose; commands switch on <see cref="Next"/> and ask for values.
/// </summary>
internal sealed class ArgumentReader(IReadOnlyList<string> args)
{
    private int _index;
    private string? _current;
    private string? _inline;

    /// <summary>The next option's name (without any <c>=value</c>), or null at the end.</summary>
    public string? Next()
    {
        if (_inline is not null)
            throw new UsageException($"option {_current} takes no value");
        if (_index >= args.Count)
            return null;

        var arg = args[_index++];
        if (arg.Length < 2 || arg[0] != '-')
            throw new UsageException($"unexpected argument '{arg}'");
        var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
        _current = equals < 0 ? arg : arg[..equals];
        _inline = equals < 0 ? null : arg[(equals + 1)..];
        return _current;
    }

    /// <summary>The current option's value: after '=' or the next argument (which may be '-', meaning stdin).</summary>
    public string Value()
    {
        if (_inline is { } inline)
        {
            _inline = null;
            return inline;
        }

        if (_index >= args.Count)
            throw new UsageException($"option {_current} needs a value");
        return args[_index++];
    }

    /// <summary>A <c>KEY=VALUE</c> value, as for labels.</summary>
    public (string Key, string Value) Pair()
    {
        var value = Value();
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? (value[..equals], value[(equals + 1)..])
            : throw new UsageException($"option {_current} needs KEY=VALUE, got '{value}'");
    }
}
