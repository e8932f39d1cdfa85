using System.Globalization;

namespace Bifrost.Core.Admission;

/// <summary>
/// An API server's major and minor version: all that decides which pod fields it accepts. Patch levels and
/// vendor suffixes (<c>v1.30.2-eks-1a2b3c</c>, <c>1.29+</c>, <c>v1.28.4+k3s1</c>) are read past.
/// </summary>
public readonly record struct KubernetesVersion(int Major, int Minor) : IComparable<KubernetesVersion>
{
    /// <summary>Native sidecars (init containers with <c>restartPolicy: Always</c>) on by default; 1.28 has them only behind a feature gate.</summary>
    public static KubernetesVersion NativeSidecars { get; } = new(1, 29);

    /// <summary>The <c>securityContext.appArmorProfile</c> field; older servers drop it.</summary>
    public static KubernetesVersion AppArmorFields { get; } = new(1, 30);

    /// <summary>A server with every feature Bifrost uses: what a pod gets when no version is known or given.</summary>
    public static KubernetesVersion Newest => AppArmorFields;

    public int CompareTo(KubernetesVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    /// <summary>
    /// A version as a person or a gitVersion writes it: <c>1.29</c>, <c>v1.30.2</c>, <c>v1.30.2-eks-1a2b3c</c>,
    /// <c>1.31+</c>. Major 0 is refused: it is what a server built without version information reports.
    /// </summary>
    public static bool TryParse(string? text, out KubernetesVersion version)
    {
        version = default;
        var rest = (text ?? "").AsSpan().Trim();
        if (rest.StartsWith("v") || rest.StartsWith("V"))
            rest = rest[1..];
        if (!TryNumber(ref rest, out var major) || !rest.StartsWith(".") || major == 0)
            return false;
        rest = rest[1..];
        if (!TryNumber(ref rest, out var minor))
            return false;
        // What follows the minor must end the number: "1.30.2", "1.30+", "1.30-eks", not "1.30abc".
        if (!rest.IsEmpty && rest[0] is not ('.' or '+' or '-'))
            return false;
        version = new KubernetesVersion(major, minor);
        return true;
    }

    /// <summary>
    /// The version from the fields of <c>GET /version</c>. Managed clusters report the minor as <c>"30+"</c>;
    /// servers built from source may leave major and minor empty, so gitVersion is the second source.
    /// </summary>
    public static bool TryParse(string? major, string? minor, string? gitVersion, out KubernetesVersion version)
    {
        var majorText = (major ?? "").AsSpan().Trim();
        var minorText = (minor ?? "").AsSpan().Trim();
        if (TryNumber(ref majorText, out var majorNumber) && majorText.IsEmpty && majorNumber > 0 &&
            TryNumber(ref minorText, out var minorNumber) && (minorText.IsEmpty || minorText is "+"))
        {
            version = new KubernetesVersion(majorNumber, minorNumber);
            return true;
        }

        return TryParse(gitVersion, out version);
    }

    private static bool TryNumber(ref ReadOnlySpan<char> text, out int number)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            digits++;
        number = 0;
        if (digits == 0 || digits > 6 || !int.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out number))
            return false;
        text = text[digits..];
        return true;
    }
}
