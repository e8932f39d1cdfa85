namespace Bifrost.Cli.Cluster;

/// <summary>Columns padded to their widest cell and separated by three spaces, as kubectl prints tables.</summary>
internal static class TextTable
{
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        List<IReadOnlyList<string>> all = [header, .. rows];
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var lines = all.Select(r => string.Join("   ", r.Select((cell, i) => i == r.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        return string.Join('\n', lines) + "\n";
    }
}
