namespace Bifrost.Core.Relevancy;

/// <summary>Finds and reads the package database of an unpacked image: dpkg (with distroless's status.d), apk or rpm (rpmdb.sqlite).</summary>
public static class PackageDatabases
{
    /// <summary>The image's packages, or null when it has no dpkg, apk or rpm database.</summary>
    /// <exception cref="PackageDatabaseException">An rpm database is malformed, or in a format that is not read (Berkeley DB, ndb).</exception>
    public static PackageDatabase? Read(IImageFiles files)
    {
        var os = OsRelease.Parse(files.ReadText("/etc/os-release") ?? files.ReadText("/usr/lib/os-release"));
        if (DpkgDatabase.Read(files, os) is { } debs)
            return new PackageDatabase { Source = "dpkg database", Packages = debs, Os = os };
        if (files.ReadText(ApkDatabase.InstalledPath) is { } installed)
            return new PackageDatabase { Source = "apk database", Packages = ApkDatabase.Parse(installed, os), Os = os };
        if (RpmDatabase.Read(files, os) is { } rpms)
            return new PackageDatabase { Source = "rpm database", Packages = rpms, Os = os };
        return null;
    }
}
