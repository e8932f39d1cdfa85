using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class ImageDirectoryTests
{
    [Fact]
    public void ReadText_AbsoluteLinkInsideImage_StaysInsideTheRoot()
    {
        var root = Directory.CreateTempSubdirectory("bifrost-rootfs-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "lib"));
            File.WriteAllText(Path.Combine(root.FullName, "usr", "lib", "os-release"), "ID=inside\n");
            Directory.CreateDirectory(Path.Combine(root.FullName, "etc"));
            File.CreateSymbolicLink(Path.Combine(root.FullName, "etc", "os-release"), "/usr/lib/os-release");
            File.CreateSymbolicLink(Path.Combine(root.FullName, "etc", "escape"), "../../../../../etc/hostname");

            var image = new ImageDirectory(root.FullName);

            Assert.Equal("ID=inside\n", image.ReadText("/etc/os-release"));
            Assert.Null(image.ReadText("/etc/escape"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void ReadBytes_FileThroughALink_IsWholeAndLimited()
    {
        var root = Directory.CreateTempSubdirectory("bifrost-rootfs-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "usr", "lib", "sysimage", "rpm"));
            File.WriteAllBytes(Path.Combine(root.FullName, "usr", "lib", "sysimage", "rpm", "rpmdb.sqlite"), [1, 2, 3, 4, 5]);
            Directory.CreateDirectory(Path.Combine(root.FullName, "var", "lib"));
            File.CreateSymbolicLink(Path.Combine(root.FullName, "var", "lib", "rpm"), "../../usr/lib/sysimage/rpm");

            var image = new ImageDirectory(root.FullName);

            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, image.ReadBytes("/var/lib/rpm/rpmdb.sqlite", 5));
            Assert.Null(image.ReadBytes("/var/lib/rpm/rpmdb.sqlite-wal", 5));
            Assert.Null(image.ReadBytes("/var/lib/rpm", 5));
            var error = Assert.Throws<IOException>(() => image.ReadBytes("/var/lib/rpm/rpmdb.sqlite", 4));
            Assert.Equal("/var/lib/rpm/rpmdb.sqlite has 5 bytes, over the limit of 4", error.Message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
