using System.Text;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// Package URLs (purl-spec) for what Bifrost finds itself: OS packages and the image. Where a scanner's report gives a
/// package's PURL, that one is used instead, since scanners match VEX statements against their own spelling.
/// </summary>
public static class PackageUrl
{
    /// <summary>
    /// <c>pkg:deb/debian/openssl@1.1.0j-1~deb9u1?arch=amd64&amp;distro=debian-9</c>; qualifiers in that order, absent ones
    /// left out. An rpm's epoch is the <c>epoch</c> qualifier, not part of the version, as the purl-spec's rpm type says,
    /// placed where Syft and Grype place it: <c>pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&amp;epoch=1&amp;distro=rhel-9.3</c>.
    /// </summary>
    public static string ForOsPackage(string type, OsRelease? os, string name, string version, string? architecture, int? epoch = null)
    {
        var text = new StringBuilder("pkg:").Append(type).Append('/');
        if (os is not null)
            text.Append(Escape(os.Id)).Append('/');
        text.Append(Escape(name)).Append('@').Append(Escape(version));
        var qualifiers = new List<string>();
        if (!string.IsNullOrEmpty(architecture))
            qualifiers.Add("arch=" + Escape(architecture));
        if (epoch is { } e)
            qualifiers.Add("epoch=" + e.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (os is not null)
            qualifiers.Add("distro=" + Escape(os.Distro));
        return qualifiers.Count == 0 ? text.ToString() : text.Append('?').AppendJoin('&', qualifiers).ToString();
    }

    /// <summary>
    /// The image as <c>pkg:oci/NAME@sha256%3A…</c>, without qualifiers: Trivy and Grype both derive such a PURL from the
    /// image they scan (with differing <c>repository_url</c> qualifiers), and a VEX product without qualifiers matches either.
    /// Null when the reference carries no digest.
    /// </summary>
    public static string? ForImage(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || !reference[(at + 1)..].StartsWith("sha256:", StringComparison.Ordinal))
            return null;
        var repository = reference[..at];
        var slash = repository.LastIndexOf('/');
        var name = repository[(slash + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
            name = name[..colon];
        return $"pkg:oci/{Escape(name)}@{Escape(reference[(at + 1)..])}";
    }

    /// <summary>The type, namespace and name of a PURL (<c>deb/debian/openssl</c>), the part VEX matching compares exactly.</summary>
    public static string? Identity(string purl)
    {
        if (!purl.StartsWith("pkg:", StringComparison.Ordinal))
            return null;
        var end = purl.IndexOfAny(['@', '?', '#']);
        return Uri.UnescapeDataString(end < 0 ? purl[4..] : purl[4..end]);
    }

    /// <summary>The type of a PURL (<c>deb</c>), or null for anything else.</summary>
    public static string? Type(string? purl) =>
        purl is { } p && Identity(p) is { } identity && identity.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? identity[..slash] : null;

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && ((char)rune.Value is '.' or '-' or '_' or '~' or '+' || char.IsAsciiLetterOrDigit((char)rune.Value)))
            {
                text.Append((char)rune.Value);
                continue;
            }

            foreach (var b in bytes[..rune.EncodeToUtf8(bytes)])
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
