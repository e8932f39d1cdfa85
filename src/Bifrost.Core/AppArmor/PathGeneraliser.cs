using System.Text;

namespace Bifrost.Core.AppArmor;

/// <summary>Turns one kernel path into the AARE pattern a reviewer would accept, applying <see cref="GeneralisationRules.PathRules"/>.</summary>
public static class PathGeneraliser
{
    /// <summary>The escaped, generalised pattern for <paramref name="kernelPath"/> (see <see cref="KernelPath.Normalise"/>).</summary>
    public static string Generalise(string kernelPath)
    {
        List<(int Start, int End, string Replacement)>? spans = null;
        var firstComponentEnd = kernelPath.IndexOf('/', 1);
        if (firstComponentEnd < 0)
            firstComponentEnd = kernelPath.Length;

        foreach (var rule in GeneralisationRules.PathRules)
        {
            for (var match = rule.Pattern.Match(kernelPath); match.Success; match = match.NextMatch())
            {
                var group = match.Groups["g"];
                var (start, end) = (group.Index, group.Index + group.Length);
                if (rule.SparesFirstComponent && start < firstComponentEnd)
                    continue;
                spans ??= [];
                if (spans.Exists(s => start < s.End && s.Start < end))
                    continue;
                spans.Add((start, end, rule.Replacement));
            }
        }
        if (spans is null)
            return Aare.Escape(kernelPath);

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var builder = new StringBuilder(kernelPath.Length);
        var position = 0;
        var previousEnd = -1;
        foreach (var (start, end, replacement) in spans)
        {
            // Two adjacent '*' would read as '**', which crosses '/'.
            if (!(start == previousEnd && replacement == "*" && builder[^1] == '*'))
                builder.Append(Aare.Escape(kernelPath[position..start])).Append(replacement);
            position = previousEnd = end;
        }
        return builder.Append(Aare.Escape(kernelPath[position..])).ToString();
    }
}
