using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Loading;

/// <summary>
/// A profile file in Bifrost's directory: a marker comment naming the profile, its mode and the hash of its text,
/// then the text exactly as rendered. The marker is how the agent recognises its own files after a reboot; a file
/// without it is never loaded, replaced or removed by Bifrost.
/// </summary>
internal sealed record ProfileFile(string Name, ProfileMode Mode, string Hash, string Text)
{
    private const string MarkerStart = "# bifrost.io managed profile ";

    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static ProfileFile From(RenderedProfile profile) => new(profile.Name, profile.Mode, profile.Hash, profile.Text);

    public string Render() =>
        string.Create(CultureInfo.InvariantCulture, $"{MarkerStart}name={Name} mode={Mode} hash={Hash}\n{Text}");

    /// <summary>The file's profile, or null when it is not a Bifrost file or its text no longer matches its hash.</summary>
    public static ProfileFile? Parse(string fileName, string content)
    {
        if (!fileName.StartsWith(ProfileNames.Prefix, StringComparison.Ordinal) || !content.StartsWith(MarkerStart, StringComparison.Ordinal))
            return null;
        var newline = content.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
            return null;
        var marker = content[MarkerStart.Length..newline].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!marker.TryGetValue("name", out var name) || name != fileName
            || !marker.TryGetValue("hash", out var hash)
            || !marker.TryGetValue("mode", out var modeText) || !Enum.TryParse<ProfileMode>(modeText, out var mode))
            return null;
        var text = content[(newline + 1)..];
        return HashOf(text) == hash ? new ProfileFile(name, mode, hash, text) : null;
    }

    /// <summary>Whether <paramref name="content"/> carries Bifrost's marker at all (even if its text was altered).</summary>
    public static bool IsMarked(string content) => content.StartsWith(MarkerStart, StringComparison.Ordinal);
}
