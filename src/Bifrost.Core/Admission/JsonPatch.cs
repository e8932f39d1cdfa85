using System.Text;

namespace Bifrost.Core.Admission;

/// <summary>
/// JSON pointers for RFC 6902 operations (the operations themselves are written by <see cref="PatchWriter"/>; only
/// <c>add</c> is needed: Bifrost never removes or rewrites what a pod already has).
/// </summary>
public static class JsonPatch
{
    /// <summary>Escapes one reference token of a JSON pointer (RFC 6901): '~' as '~0', '/' as '~1'.</summary>
    public static string Escape(string token)
    {
        if (token.AsSpan().IndexOfAny('~', '/') < 0)
            return token;
        var builder = new StringBuilder(token.Length + 4);
        foreach (var c in token)
        {
            _ = c switch
            {
                '~' => builder.Append("~0"),
                '/' => builder.Append("~1"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
