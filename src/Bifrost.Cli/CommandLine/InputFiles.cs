namespace Bifrost.Cli.CommandLine;

/// <summary>
/// The values of a repeatable <c>-f</c>: a file, <c>-</c> for standard input, or a directory standing for the files
/// in it with one of the given extensions (not its subdirectories), in ordinal order of their names.
/// </summary>
internal static class InputFiles
{
    public const string StandardInput = "-";

    public static IReadOnlyList<string> Expand(IEnumerable<string> values, IReadOnlyCollection<string> extensions)
    {
        var files = new List<string>();
        foreach (var value in values)
        {
            if (value.Length == 0)
                throw new UsageException("-f needs a file, a directory or '-'");
            if (!Directory.Exists(value))
            {
                files.Add(value);
                continue;
            }

            var inside = Directory.EnumerateFiles(value)
                .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (inside.Count == 0)
                throw new UsageException($"-f {value}: the directory holds no {string.Join(", ", extensions.Select(e => "*" + e))} file");
            files.AddRange(inside);
        }

        if (files.Count(f => f == StandardInput) > 1)
            throw new UsageException("-f - (standard input) can be given only once");
        return files;
    }
}
