namespace Bifrost.Core.Relevancy;

/// <summary>The distribution an image is built from, as <c>/etc/os-release</c> names it (<c>ID=debian</c>, <c>VERSION_ID="9"</c>).</summary>
public sealed record OsRelease(string Id, string? VersionId)
{
    /// <summary>The PURL <c>distro</c> qualifier scanners write: <c>debian-9</c>, <c>alpine-3.17.2</c>.</summary>
    public string Distro => VersionId is { Length: > 0 } version ? $"{Id}-{version}" : Id;

    /// <summary>The ID and VERSION_ID of an os-release file; null without an ID.</summary>
    public static OsRelease? Parse(string? text)
    {
        if (text is null)
            return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && !line.StartsWith('#'))
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim().Trim('"', '\'');
        }

        return values.GetValueOrDefault("ID") is { Length: > 0 } id ? new OsRelease(id, values.GetValueOrDefault("VERSION_ID")) : null;
    }
}
