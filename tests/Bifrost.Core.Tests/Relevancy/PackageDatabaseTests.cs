using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class PackageDatabaseTests
{
    [Fact]
    public void Dpkg_Debian12_ReadsInstalledPackagesOnly()
    {
        var database = Fixtures.Database("debian12");

        Assert.Equal("dpkg database", database.Source);
        Assert.Equal(["libc6", "libssl3", "openssl", "tzdata"], database.Packages.Select(p => p.Name));
    }

    [Fact]
    public void Dpkg_ListFile_GivesFilesAndPurlNamesDistro()
    {
        var libc = Fixtures.Database("debian12").Packages.Single(p => p.Name == "libc6");

        Assert.Contains("/lib/x86_64-linux-gnu/libc.so.6", libc.Files!);
        Assert.Equal("pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12", libc.Purl);
    }

    [Fact]
    public void Dpkg_WithoutListFile_FallsBackToMd5sums()
    {
        var tzdata = Fixtures.Database("debian12").Packages.Single(p => p.Name == "tzdata");

        Assert.Equal(["/usr/share/zoneinfo/Etc/UTC", "/usr/share/zoneinfo/Europe/Berlin"], tzdata.Files!);
    }

    [Fact]
    public void Distroless_StatusD_ReadsEntriesAndTheirMd5sums()
    {
        var database = Fixtures.Database("distroless");

        Assert.Equal(["/lib/x86_64-linux-gnu/libc.so.6"], database.Packages.Single(p => p.Name == "libc6").Files!);
        Assert.Null(database.Packages.Single(p => p.Name == "tzdata").Files);
    }

    [Fact]
    public void Apk_Installed_ReadsDirectoriesAndFiles()
    {
        var database = Fixtures.Database("alpine");

        var crypto = database.Packages.Single(p => p.Name == "libcrypto3");
        Assert.Equal("apk database", database.Source);
        Assert.Equal(["musl", "busybox", "libcrypto3"], database.Packages.Select(p => p.Name));
        Assert.Contains("/lib/libcrypto.so.3", crypto.Files!);
        Assert.Contains("/usr/lib/ossl-modules/legacy.so", crypto.Files!);
        Assert.Equal("pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1", crypto.Purl);
    }

    [Fact]
    public void Directory_WithoutDatabase_IsNull()
    {
        var empty = Directory.CreateTempSubdirectory("bifrost-rootfs-");
        try
        {
            Assert.Null(PackageDatabases.Read(new ImageDirectory(empty.FullName)));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Syft_AlpineSbom_GivesEachPackageItsFiles()
    {
        var database = SyftSbom.Parse(Fixtures.Shared("alpine-sbom.json"));

        Assert.Equal(15, database.Packages.Count);
        Assert.Equal("alpine-3.17.2", database.Os!.Distro);
        Assert.Contains("/lib/libcrypto.so.3", database.Packages.Single(p => p.Name == "libcrypto3").Files!);
        Assert.Contains("/bin/busybox", database.Packages.Single(p => p.Name == "busybox").Files!);
        Assert.Null(database.Packages.Single(p => p.Name == "libc-utils").Files);
    }

    [Fact]
    public void Syft_NotAnSbom_IsAFormatError()
    {
        Assert.Throws<FormatException>(() => SyftSbom.Parse("""{"matches": []}"""));
        Assert.Throws<FormatException>(() => SyftSbom.Parse("not json"));
    }
}
