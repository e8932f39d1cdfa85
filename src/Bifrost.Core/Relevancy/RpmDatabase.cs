using Bifrost.Core.Relevancy.Sqlite;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// The packages of an rpm image (RHEL and UBI 9, Fedora 33 and later, Amazon Linux 2023, openSUSE) from
/// <c>rpmdb.sqlite</c>: one header blob per package in the table <c>Packages</c>, read with the write-ahead log's
/// committed pages applied. The Berkeley DB <c>Packages</c> of RHEL 7 and 8 and the ndb <c>Packages.db</c> of older
/// SUSE are not read: finding only those is a <see cref="PackageDatabaseException"/>.
/// </summary>
public static class RpmDatabase
{
    /// <summary>Where rpm keeps its SQLite database; on Fedora and SUSE <c>/var/lib/rpm</c> is often a link to the second.</summary>
    public static readonly IReadOnlyList<string> SqlitePaths = ["/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"];

    /// <summary>The rpm databases in formats that are not read, and what each is.</summary>
    public static readonly IReadOnlyList<(string Path, string Format)> NotRead =
    [
        ("/var/lib/rpm/Packages", "a Berkeley DB rpm database (RHEL and CentOS 7 and 8, Amazon Linux 2)"),
        ("/usr/lib/sysimage/rpm/Packages", "a Berkeley DB rpm database"),
        ("/var/lib/rpm/Packages.db", "an ndb rpm database (SUSE before the SQLite backend)"),
        ("/usr/lib/sysimage/rpm/Packages.db", "an ndb rpm database (SUSE before the SQLite backend)"),
    ];

    /// <summary>The largest database read; a full Fedora installation's is a few hundred megabytes at most.</summary>
    public const int MaxBytes = 1 << 30;

    /// <summary>The name rpm gives the public keys it imports; they are not packages and own no files.</summary>
    private const string PublicKey = "gpg-pubkey";

    /// <summary>The image's rpm packages, or null when it has no rpm database at all.</summary>
    /// <exception cref="PackageDatabaseException">The database is malformed, or only a format that is not read is present.</exception>
    public static IReadOnlyList<InstalledPackage>? Read(IImageFiles files, OsRelease? os)
    {
        foreach (var path in SqlitePaths)
        {
            if (files.ReadBytes(path, MaxBytes) is not { } database)
                continue;
            try
            {
                return Parse(SqliteFile.Read(database, files.ReadBytes(path + "-wal", MaxBytes)), os);
            }
            catch (FormatException e)
            {
                throw new PackageDatabaseException($"{path}: {e.Message}", e);
            }
        }

        foreach (var (path, format) in NotRead)
        {
            if (files.ReadHead(path, 1) is not null)
                throw new PackageDatabaseException($"{path} is {format}, which is not read; only rpmdb.sqlite is (give the image's SBOM with --sbom instead)");
        }

        return null;
    }

    /// <exception cref="FormatException">The database or a header in it is malformed.</exception>
    internal static IReadOnlyList<InstalledPackage> Parse(SqliteFile database, OsRelease? os)
    {
        var packages = new List<InstalledPackage>();
        foreach (var row in database.Rows("Packages"))
        {
            if (row.Values.Count < 2 || row.Values[1] is not byte[] blob)
                throw new FormatException($"Packages row {row.RowId} holds no header blob");
            try
            {
                if (Package(blob, os) is { } package)
                    packages.Add(package);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Packages row {row.RowId}: {e.Message}", e);
            }
        }

        return packages;
    }

    /// <summary>The package a header blob describes; null for a public key or a header without a name.</summary>
    /// <exception cref="FormatException">The header is malformed.</exception>
    internal static InstalledPackage? Package(byte[] blob, OsRelease? os)
    {
        var header = RpmHeader.Parse(blob);
        return header.Text(RpmHeader.Name) is { } name && name != PublicKey ? Package(header, name, os) : null;
    }

    private static InstalledPackage Package(RpmHeader header, string name, OsRelease? os)
    {
        var version = header.Text(RpmHeader.Version) ?? "";
        var release = header.Text(RpmHeader.Release);
        var epoch = header.Integers(RpmHeader.Epoch) is [var e, ..] ? e : (int?)null;
        var versionRelease = release is null ? version : $"{version}-{release}";
        var arch = header.Text(RpmHeader.Arch);
        return new InstalledPackage
        {
            Name = name,
            Version = epoch is null ? versionRelease : $"{epoch}:{versionRelease}",
            Type = "rpm",
            Purl = PackageUrl.ForOsPackage("rpm", os, name, versionRelease, arch, epoch),
            Files = Files(header, name),
        };
    }

    /// <summary>Each file as DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]; headers older than rpm 4.0 hold OLDFILENAMES instead.</summary>
    private static IReadOnlyList<string> Files(RpmHeader header, string name)
    {
        if (header.Texts(RpmHeader.Basenames) is not { } basenames)
            return header.Texts(RpmHeader.OldFilenames) ?? [];
        var directories = header.Texts(RpmHeader.Dirnames) ?? [];
        var indexes = header.Integers(RpmHeader.DirIndexes) ?? [];
        if (indexes.Count != basenames.Count)
            throw new FormatException($"package {name} has {basenames.Count} file names but {indexes.Count} directory indexes");
        var files = new string[basenames.Count];
        for (var i = 0; i < files.Length; i++)
        {
            if (indexes[i] < 0 || indexes[i] >= directories.Count)
                throw new FormatException($"package {name}'s file {basenames[i]} names directory {indexes[i]} of {directories.Count}");
            files[i] = directories[indexes[i]] + basenames[i];
        }

        return files;
    }
}
