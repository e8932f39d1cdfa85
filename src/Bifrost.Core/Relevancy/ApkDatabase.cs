namespace Bifrost.Core.Relevancy;

/// <summary>
/// The packages of an Alpine image, from <c>/lib/apk/db/installed</c>: one paragraph per package, <c>P:</c> name,
/// <c>V:</c> version, <c>A:</c> architecture, and its files as <c>F:</c> directory lines each followed by <c>R:</c> file lines.
/// </summary>
public static class ApkDatabase
{
    public const string InstalledPath = "/lib/apk/db/installed";

    public static IReadOnlyList<InstalledPackage> Parse(string text, OsRelease? os)
    {
        var packages = new List<InstalledPackage>();
        string? name = null, version = null, arch = null, directory = null;
        var owned = new List<string>();

        void Flush()
        {
            if (name is not null)
            {
                packages.Add(new InstalledPackage
                {
                    Name = name,
                    Version = version ?? "",
                    Type = "apk",
                    Purl = PackageUrl.ForOsPackage("apk", os, name, version ?? "", arch),
                    Files = [.. owned],
                });
            }

            (name, version, arch, directory) = (null, null, null, null);
            owned.Clear();
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (line.Length < 2 || line[1] != ':')
                continue;
            var value = line[2..];
            switch (line[0])
            {
                case 'P':
                    name = value;
                    break;
                case 'V':
                    version = value;
                    break;
                case 'A':
                    arch = value;
                    break;
                case 'F':
                    directory = "/" + value.Trim('/');
                    owned.Add(directory);
                    break;
                case 'R':
                    owned.Add((directory is null or "/" ? "" : directory) + "/" + value);
                    break;
            }
        }

        Flush();
        return packages;
    }
}
