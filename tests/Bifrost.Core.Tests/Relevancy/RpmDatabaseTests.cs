using Bifrost.Core.Relevancy;
using Bifrost.Core.Relevancy.Sqlite;
using CsCheck;

namespace Bifrost.Core.Tests.Relevancy;

/// <summary>rpm databases written by the real rpm (<see cref="RpmImage"/>), read back and checked against rpm's own queries.</summary>
public sealed class RpmDatabaseTests
{
    [RequiresFact("rpm", "rpmbuild")]
    public async Task Rpm_RealDatabase_GivesWhatRpmQueries()
    {
        var image = await RpmImage.GetAsync();

        var database = PackageDatabases.Read(new ImageDirectory(image.Root))!;

        Assert.Equal("rpm database", database.Source);
        Assert.Equal(image.Queried, database.Packages.Select(p => $"{p.Name} {p.Version} {Arch(p)}").Order(StringComparer.Ordinal));
        Assert.Equal(["bigdata 5-1 noarch", "hello 2:1.2-3.el9 x86_64", "libgreet 0.9-1.fc40 x86_64"], image.Queried);
        Assert.All(database.Packages, p => Assert.Equal("rpm", p.Type));
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Rpm_RealDatabase_FilesAreThoseRpmLists()
    {
        var image = await RpmImage.GetAsync();

        var database = PackageDatabases.Read(new ImageDirectory(image.Root))!;

        Assert.Equal(image.Listed.Keys.Order(StringComparer.Ordinal), database.Packages.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(database.Packages, p => Assert.Equal(image.Listed[p.Name], p.Files!));
        Assert.Equal(["/etc/hello.conf", "/usr/bin/hello", "/usr/lib64/libhello.so.1"], database.Packages.Single(p => p.Name == "hello").Files!);
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Rpm_Purls_CarryEpochAsQualifierAndTheDistro()
    {
        var image = await RpmImage.GetAsync();

        var packages = PackageDatabases.Read(new ImageDirectory(image.Root))!.Packages.ToDictionary(p => p.Name);

        Assert.Equal("pkg:rpm/rhel/hello@1.2-3.el9?arch=x86_64&epoch=2&distro=rhel-9.3", packages["hello"].Purl);
        Assert.Equal("pkg:rpm/rhel/libgreet@0.9-1.fc40?arch=x86_64&distro=rhel-9.3", packages["libgreet"].Purl);
        Assert.Equal("pkg:rpm/rhel/bigdata@5-1?arch=noarch&distro=rhel-9.3", packages["bigdata"].Purl);
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Rpm_HeaderLargerThanAPage_IsReadFromItsOverflowPages()
    {
        var image = await RpmImage.GetAsync();

        var file = SqliteFile.Read(await File.ReadAllBytesAsync(image.Database));
        var packages = RpmDatabase.Parse(file, os: null);

        var largest = file.Rows("Packages").Max(r => ((byte[])r.Values[1]!).Length);
        Assert.True(largest > 10 * file.PageSize, $"the largest header has {largest} bytes, pages {file.PageSize}");
        var big = packages.Single(p => p.Name == "bigdata").Files!;
        Assert.Equal(RpmImage.ManyFiles, big.Count(f => f.EndsWith(".txt", StringComparison.Ordinal)));
        Assert.Equal(image.Listed["bigdata"], big);
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Rpm_DatabaseUnderUsrLibSysimage_IsReadToo()
    {
        var image = await RpmImage.GetAsync();
        var root = Directory.CreateTempSubdirectory("bifrost-rpm-sysimage-");
        try
        {
            var target = Path.Combine(root.FullName, "usr", "lib", "sysimage", "rpm");
            Directory.CreateDirectory(target);
            File.Copy(image.Database, Path.Combine(target, "rpmdb.sqlite"));

            var database = PackageDatabases.Read(new ImageDirectory(root.FullName))!;

            Assert.Equal(["bigdata", "hello", "libgreet"], database.Packages.Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Null(database.Os);
            Assert.Equal("pkg:rpm/hello@1.2-3.el9?arch=x86_64&epoch=2", database.Packages.Single(p => p.Name == "hello").Purl);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [RequiresFact("rpm", "rpmbuild", "sqlite3")]
    public async Task Rpm_CommitInTheWriteAheadLog_IsApplied()
    {
        var image = await RpmImage.GetAsync();
        var root = image.Copy();
        try
        {
            var log = await DeleteInLog(root, "libgreet");

            var names = PackageDatabases.Read(new ImageDirectory(root.FullName))!.Packages.Select(p => p.Name).Order(StringComparer.Ordinal);
            var withoutLog = RpmDatabase.Parse(SqliteFile.Read(await File.ReadAllBytesAsync(Path.Combine(root.FullName, "var", "lib", "rpm", "rpmdb.sqlite"))), null);

            Assert.True(log.Length > 0, "sqlite3 left no frames in the log");
            Assert.Equal(["bigdata", "hello"], names);
            Assert.Contains(withoutLog, p => p.Name == "libgreet");
        }
        finally
        {
            RpmImage.Delete(root);
        }
    }

    [RequiresFact("rpm", "rpmbuild", "sqlite3")]
    public async Task Rpm_TornLastFrameOfTheLog_LeavesItsTransactionOut()
    {
        var image = await RpmImage.GetAsync();
        var root = image.Copy();
        try
        {
            var log = await DeleteInLog(root, "libgreet");
            await File.WriteAllBytesAsync(Path.Combine(root.FullName, "var", "lib", "rpm", "rpmdb.sqlite-wal"), log[..^100]);

            var names = PackageDatabases.Read(new ImageDirectory(root.FullName))!.Packages.Select(p => p.Name).Order(StringComparer.Ordinal);

            Assert.Equal(["bigdata", "hello", "libgreet"], names);
        }
        finally
        {
            RpmImage.Delete(root);
        }
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Rpm_TruncatedDatabase_IsAPackageDatabaseErrorNamingTheFile()
    {
        var image = await RpmImage.GetAsync();
        var root = image.Copy();
        try
        {
            var path = Path.Combine(root.FullName, "var", "lib", "rpm", "rpmdb.sqlite");
            var bytes = await File.ReadAllBytesAsync(path);
            await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

            var error = Assert.Throws<PackageDatabaseException>(() => PackageDatabases.Read(new ImageDirectory(root.FullName)));

            Assert.StartsWith("/var/lib/rpm/rpmdb.sqlite: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("beyond the end of the file", error.Message, StringComparison.Ordinal);
            Assert.IsType<SqliteFormatException>(error.InnerException);
        }
        finally
        {
            RpmImage.Delete(root);
        }
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Rpm_AnyBytesOfARealHeaderChanged_AreReadOrAFormatError()
    {
        var file = SqliteFile.Read(await File.ReadAllBytesAsync((await RpmImage.GetAsync()).Database));
        var headers = file.Rows("Packages").Select(r => (byte[])r.Values[1]!).Where(h => h.Length < file.PageSize).ToList();
        Assert.Equal(2, headers.Count);

        Gen.Select(Gen.Int[0, headers.Count - 1], Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte).Array[1, 8]).Sample((which, changes) =>
        {
            var changed = headers[which].ToArray();
            foreach (var (position, value) in changes)
                changed[position % changed.Length] = value;
            try
            {
                _ = RpmDatabase.Package(changed, os: null);
            }
            catch (FormatException)
            {
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("var/lib/rpm/Packages", "Berkeley DB")]
    [InlineData("var/lib/rpm/Packages.db", "ndb")]
    [InlineData("usr/lib/sysimage/rpm/Packages.db", "ndb")]
    public void Rpm_OnlyAFormatNotRead_IsAnErrorThatNamesIt(string path, string format)
    {
        var root = Directory.CreateTempSubdirectory("bifrost-rpm-old-");
        try
        {
            var file = Path.Combine(root.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, new byte[4096]);

            var error = Assert.Throws<PackageDatabaseException>(() => PackageDatabases.Read(new ImageDirectory(root.FullName)));

            Assert.StartsWith("/" + path + " is ", error.Message, StringComparison.Ordinal);
            Assert.Contains(format, error.Message, StringComparison.Ordinal);
            Assert.Contains("not read", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rpm_RowThatIsNoHeader_IsAnErrorNamingTheRow()
    {
        var root = Directory.CreateTempSubdirectory("bifrost-rpm-bad-");
        try
        {
            var file = Path.Combine(root.FullName, "var", "lib", "rpm", "rpmdb.sqlite");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, SqliteBytes.File(2, SqliteBytes.Leaf(SqliteBytes.Cell(7, SqliteBytes.Record(null, new byte[] { 1, 2, 3 })))));

            var error = Assert.Throws<PackageDatabaseException>(() => PackageDatabases.Read(new ImageDirectory(root.FullName)));

            Assert.Equal("/var/lib/rpm/rpmdb.sqlite: Packages row 7: an rpm header of 3 bytes is shorter than its 8-byte preamble", error.Message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string Arch(InstalledPackage package) =>
        package.Purl!.Split(["?", "&"], StringSplitOptions.None).Single(q => q.StartsWith("arch=", StringComparison.Ordinal))[5..];

    /// <summary>
    /// Deletes a package's row with the real SQLite and copies the database and its log while the connection is still
    /// open, so the log keeps its committed frames (closing would checkpoint them into the file). Returns the log.
    /// </summary>
    private static async Task<byte[]> DeleteInLog(DirectoryInfo root, string package)
    {
        var directory = Path.Combine(root.FullName, "var", "lib", "rpm");
        var saved = Directory.CreateDirectory(Path.Combine(root.FullName, "saved"));
        var script = $"""
            PRAGMA wal_autocheckpoint=0;
            DELETE FROM Packages WHERE hnum = (SELECT hnum FROM Name WHERE key = '{package}');
            .shell cp rpmdb.sqlite rpmdb.sqlite-wal {saved.FullName}/
            """;
        var result = await Processes.RunAsync("sqlite3", ["rpmdb.sqlite"], stdin: script, workingDirectory: directory);
        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var file in new[] { "rpmdb.sqlite", "rpmdb.sqlite-wal" })
            File.Copy(Path.Combine(saved.FullName, file), Path.Combine(directory, file), overwrite: true);
        File.Delete(Path.Combine(directory, "rpmdb.sqlite-shm"));
        saved.Delete(recursive: true);
        return await File.ReadAllBytesAsync(Path.Combine(directory, "rpmdb.sqlite-wal"));
    }
}
