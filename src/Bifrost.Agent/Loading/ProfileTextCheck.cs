using System.Text.RegularExpressions;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Loading;

/// <summary>
/// What must hold for a rendered profile before it reaches the parser. The parser loads whatever names a text
/// declares, so a text that declared another profile would replace a profile that is not Bifrost's: each text must
/// declare exactly the one profile it is listed under, with a Bifrost name.
/// </summary>
internal static partial class ProfileTextCheck
{
    public static string? Problem(RenderedProfile profile)
    {
        if (!IsBifrostName(profile.Name))
            return $"'{profile.Name}' is not a Bifrost profile name (they start with {ProfileNames.Prefix} and hold only letters, digits, '_', '-' and '.')";
        if (ProfileFile.HashOf(profile.Text) != profile.Hash)
            return "the hash does not match the profile text";
        var declared = Declaration().Matches(profile.Text).Select(m => m.Groups["name"].Value.Trim('"')).ToList();
        if (declared.Count != 1 || declared[0] != profile.Name)
            return $"the text must declare exactly one profile, named {profile.Name}; it declares {(declared.Count == 0 ? "none" : string.Join(", ", declared))}";
        var complain = ComplainFlag().IsMatch(profile.Text);
        if (complain != (profile.Mode == ProfileMode.Complain))
            return $"the text's flags say {(complain ? "complain" : "enforce")} but the profile is listed as {profile.Mode}";
        return null;
    }

    public static bool IsBifrostName(string name) =>
        name.StartsWith(ProfileNames.Prefix, StringComparison.Ordinal) && name.Length <= 255 && SafeName().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex SafeName();

    [GeneratedRegex(@"^\s*profile\s+(?<name>""[^""]*""|\S+)", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*profile\s+\S+\s+flags\s*=\s*\([^)]*\bcomplain\b", RegexOptions.Multiline)]
    private static partial Regex ComplainFlag();
}
