namespace Bifrost.Core.Relevancy;

/// <summary>Finds and reads the package database of an unpacked image: dpkg (with distroless's status.d) or apk.</summary>
public static class PackageDatabases
{
    /// <summary>The image's packages, or null when it has neither a dpkg nor an apk database (rpm is not read).</summary>
    public static PackageDatabase? Read(IImageFiles files)
    {
        var os = OsRelease.Parse(files.ReadText("/etc/os-release") ?? files.ReadText("/usr/lib/os-release"));
        if (DpkgDatabase.Read(files, os) is { } debs)
            return new PackageDatabase { Source = "dpkg database", Packages = debs, Os = os };
        if (files.ReadText(ApkDatabase.InstalledPath) is { } installed)
            return new PackageDatabase { Source = "apk database", Packages = ApkDatabase.Parse(installed, os), Os = os };
        return null;
    }
}
