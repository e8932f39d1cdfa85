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
}
