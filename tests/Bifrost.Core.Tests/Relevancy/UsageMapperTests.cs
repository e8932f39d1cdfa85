using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class UsageMapperTests
{
    [Fact]
    public void Map_LibraryByItsMergedSpelling_FindsTheOwner()
    {
        var usage = UsageMapper.Map(Fixtures.Database("debian12"), Fixtures.Read("/usr/lib/x86_64-linux-gnu/libc.so.6"));

        Assert.Equal(["/usr/lib/x86_64-linux-gnu/libc.so.6"], usage.Used["libc6"]);
    }

    [Fact]
    public void Map_ProgramByItsUnmergedSpelling_FindsTheOwner()
    {
        var usage = UsageMapper.Map(Fixtures.Database("debian12"), [new SeenFile("/bin/openssl", Executed: true)]);

        Assert.Equal(PackageUse.Used, usage.Classify("openssl"));
        Assert.Equal(PackageUse.Unused, usage.Classify("libssl3"));
    }

    [Fact]
    public void Map_ConfigAndDataRead_DoNotMarkTheirPackagesUsed()
    {
        var usage = UsageMapper.Map(Fixtures.Database("debian12"),
            Fixtures.Read("/lib/x86_64-linux-gnu/libc.so.6", "/etc/ssl/openssl.cnf", "/usr/lib/ssl/openssl.cnf", "/usr/share/zoneinfo/Etc/UTC", "/etc/ld.so.cache"));

        Assert.Equal(["libc6"], usage.Used.Keys);
        Assert.Equal(1, usage.CodeFilesSeen);
        Assert.Equal(PackageUse.Unused, usage.Classify("openssl"));
        Assert.Equal(PackageUse.Unused, usage.Classify("tzdata"));
    }

    [Fact]
    public void Map_ConfigMappedExecutable_CountsAsCode()
    {
        var usage = UsageMapper.Map(Fixtures.Database("debian12"), [new SeenFile("/etc/ssl/openssl.cnf", Executed: true)]);

        Assert.Equal(PackageUse.Used, usage.Classify("openssl"));
    }

    [Fact]
    public void Map_ModuleOfAPackage_MarksItUsed()
    {
        var usage = UsageMapper.Map(Fixtures.Database("alpine"), Fixtures.Read("/usr/lib/ossl-modules/legacy.so", "/lib/ld-musl-x86_64.so.1"));

        Assert.Equal(["libcrypto3", "musl"], usage.Used.Keys);
        Assert.Equal(PackageUse.Unused, usage.Classify("busybox"));
    }

    [Theory]
    [InlineData("/usr/lib/python3/dist-packages/requests/__pycache__/api.cpython-311.pyc")]
    [InlineData("/usr/lib/python3/dist-packages/requests/__pycache__/api.cpython-311.opt-1.pyc")]
    public void Map_PythonCacheNoPackageLists_BelongsToTheOwnerOfItsModule(string cache)
    {
        var usage = UsageMapper.Map(PythonImage(), Fixtures.Read(cache, "/usr/lib/python3.11/__pycache__/mine.cpython-311.pyc"));

        Assert.Equal([$"{cache} (compiled from /usr/lib/python3/dist-packages/requests/api.py)"], usage.Used["python3-requests"]);
        Assert.Equal(PackageUse.Unused, usage.Classify("python3-urllib3"));
        Assert.Equal([new UnattributedFile("/usr/lib/python3.11/__pycache__/mine.cpython-311.pyc", "no package owns it")], usage.Unattributed);
    }

    [Theory]
    [InlineData("/usr/lib/python3/dist-packages/requests/api.pyc", null)]
    [InlineData("/usr/lib/python3/dist-packages/requests/__pycache__/api.cpython-311.pyc", "/usr/lib/python3/dist-packages/requests/api.py")]
    [InlineData("/usr/lib/python3/__pycache__/a/b.cpython-311.pyc", null)]
    [InlineData("/usr/lib/python3/__pycache__/b.pyc", null)]
    public void CompiledFrom_OnlyACacheFileInPycache_NamesItsModule(string path, string? module) =>
        Assert.Equal(module, ImagePaths.CompiledFrom(path));

    [Fact]
    public void Classify_PackageNotInDatabase_IsUnusedWhenAllSeenCodeHasAnOwner()
    {
        var usage = UsageMapper.Map(Fixtures.Database("debian12"), Fixtures.Read("/lib/x86_64-linux-gnu/libc.so.6"));

        Assert.True(usage.AllCodeAttributed);
        Assert.Equal(PackageUse.Unused, usage.Classify("libexpat1"));
    }

    [Fact]
    public void Classify_PackageWithoutFileList_IsUnknownWhenSomeCodeHasNoOwner()
    {
        var usage = UsageMapper.Map(Fixtures.Database("distroless"), Fixtures.Read("/lib/x86_64-linux-gnu/libc.so.6", "/app/server.so"));

        Assert.Equal([new UnattributedFile("/app/server.so", "no package owns it")], usage.Unattributed);
        Assert.Equal(PackageUse.Used, usage.Classify("libc6"));
        Assert.Equal(PackageUse.Unknown, usage.Classify("tzdata"));
        Assert.Equal(PackageUse.Unknown, usage.Classify("libexpat1"));
    }

    [Fact]
    public void Map_StaticAndGoBinariesNoPackageOwns_AreFlagged()
    {
        var root = CopyOf("debian12");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "local", "bin"));
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "local", "bin", "static-app"), ElfFiles.Static());
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "local", "bin", "go-app"), ElfFiles.Go());
            var image = new ImageDirectory(root.FullName);

            var usage = UsageMapper.Map(PackageDatabases.Read(image)!,
                [new SeenFile("/usr/local/bin/static-app", true), new SeenFile("/usr/local/bin/go-app", true), new SeenFile("/opt/app/lib.jar", false)], image);

            Assert.Equal(3, usage.Unattributed.Count);
            Assert.Contains("Go binary", usage.Unattributed.Single(f => f.Path.EndsWith("go-app", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
            Assert.Contains("static binary", usage.Unattributed.Single(f => f.Path.EndsWith("static-app", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
            Assert.Contains("jar", usage.Unattributed.Single(f => f.Path.EndsWith(".jar", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
            Assert.Equal(PackageUse.Unknown, usage.Classify("golang.org/x/net"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Map_SharedLibraryIsNotCalledStatic_AStaticPieProgramIs()
    {
        var root = CopyOf("debian12");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "local", "bin"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "local", "lib"));
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "local", "lib", "libplugin.so.1"), ElfFiles.SharedObject());
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "local", "bin", "pie-app"), ElfFiles.SharedObject());
            var image = new ImageDirectory(root.FullName);

            var usage = UsageMapper.Map(PackageDatabases.Read(image)!,
                [new SeenFile("/usr/local/lib/libplugin.so.1", true), new SeenFile("/usr/local/bin/pie-app", true)], image);

            Assert.Equal("no package owns it", usage.Unattributed.Single(f => f.Path.EndsWith("libplugin.so.1", StringComparison.Ordinal)).Reason);
            Assert.Contains("static binary", usage.Unattributed.Single(f => f.Path.EndsWith("pie-app", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Map_StaticBinaryAPackageOwns_IsNoted()
    {
        var root = CopyOf("debian12");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "bin"));
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "bin", "openssl"), ElfFiles.Static());
            var image = new ImageDirectory(root.FullName);

            var usage = UsageMapper.Map(PackageDatabases.Read(image)!, [new SeenFile("/usr/bin/openssl", true)], image);

            Assert.Equal(PackageUse.Used, usage.Classify("openssl"));
            Assert.Contains(usage.Notes, n => n.Contains("static binary", StringComparison.Ordinal));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Map_RpmImage_ProgramAndLibrarySeen_UsesTheirPackagesOnly()
    {
        var root = (await RpmImage.GetAsync()).Copy();
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "bin"));
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "bin", "hello"), ElfFiles.Static());
            File.CreateSymbolicLink(Path.Combine(root.FullName, "bin"), "usr/bin");
            var image = new ImageDirectory(root.FullName);

            var usage = UsageMapper.Map(PackageDatabases.Read(image)!,
                [new SeenFile("/bin/hello", Executed: true), .. Fixtures.Read("/lib64/libgreet.so.0", "/etc/hello.conf", "/usr/share/bigdata/d00/file-00.txt")], image);

            Assert.Equal(["hello", "libgreet"], usage.Used.Keys);
            Assert.Equal(["/bin/hello"], usage.Used["hello"]);
            Assert.Equal(PackageUse.Unused, usage.Classify("bigdata"));
            Assert.Equal(2, usage.CodeFilesSeen);
            Assert.Contains(usage.Notes, n => n.Contains("/bin/hello (hello) is a static binary", StringComparison.Ordinal));
        }
        finally
        {
            RpmImage.Delete(root);
        }
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Map_AlpineSbom_LibcryptoSeen_UsesLibcryptoNotLibssl()
    {
        var usage = UsageMapper.Map(SyftSbom.Parse(Fixtures.Shared("alpine-sbom.json")), [new SeenFile("/bin/busybox", true), .. Fixtures.Read("/lib/libcrypto.so.3")]);

        Assert.Equal(PackageUse.Used, usage.Classify("libcrypto3", "apk"));
        Assert.Equal(PackageUse.Unused, usage.Classify("libssl3", "apk"));
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Map_AlpineSbom_OnlyBusyboxSeen_UsesNeitherOpensslLibrary()
    {
        var usage = UsageMapper.Map(SyftSbom.Parse(Fixtures.Shared("alpine-sbom.json")), [new SeenFile("/bin/busybox", true)]);

        // Syft gives /bin/busybox to busybox-binsh too, whose /bin/sh links to it; musl is the libc busybox needs.
        Assert.Equal(["busybox", "busybox-binsh", "musl"], usage.Used.Keys);
        Assert.Equal(["/lib/libc.musl-x86_64.so.1 (loaded for /bin/busybox)"], usage.Used["musl"]);
        Assert.Equal(PackageUse.Unused, usage.Classify("libcrypto3", "apk"));
        Assert.Equal(PackageUse.Unused, usage.Classify("libssl3", "apk"));
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Map_AlpineSbom_LibsslSeen_LoadsTheLibcryptoItNeeds()
    {
        var usage = UsageMapper.Map(SyftSbom.Parse(Fixtures.Shared("alpine-sbom.json")), Fixtures.Read("/lib/libssl.so.3"));

        Assert.Equal(PackageUse.Used, usage.Classify("libcrypto3", "apk"));
        Assert.Equal(1, usage.CodeFilesSeen);
    }

    [Fact]
    public void Map_DynamicProgram_CountsItsInterpreter()
    {
        var root = CopyOf("debian12");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "local", "bin"));
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "local", "bin", "app"), ElfFiles.Dynamic());
            var image = new ImageDirectory(root.FullName);

            var usage = UsageMapper.Map(PackageDatabases.Read(image)!, [new SeenFile("/usr/local/bin/app", true)], image);

            Assert.Equal(["/lib64/ld-linux-x86-64.so.2 (loaded for /usr/local/bin/app)"], usage.Used["libc6"]);
            Assert.Equal([new UnattributedFile("/usr/local/bin/app", "no package owns it")], usage.Unattributed);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static PackageDatabase PythonImage() => new()
    {
        Source = "dpkg database",
        Packages =
        [
            new InstalledPackage { Name = "python3-requests", Version = "2.28.1+dfsg-1", Type = "deb", Files = ["/usr/lib/python3/dist-packages/requests/api.py"] },
            new InstalledPackage { Name = "python3-urllib3", Version = "1.26.12-1", Type = "deb", Files = ["/usr/lib/python3/dist-packages/urllib3/request.py"] },
        ],
    };

    private static DirectoryInfo CopyOf(string image)
    {
        var source = Fixtures.Image(image).Root;
        var target = Directory.CreateTempSubdirectory("bifrost-rootfs-");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target.FullName, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
