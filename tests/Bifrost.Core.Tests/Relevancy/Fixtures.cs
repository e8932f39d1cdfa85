using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

/// <summary>The checked-in images (see Images/README.md) and the shared relevancy data.</summary>
internal static class Fixtures
{
    public static ImageDirectory Image(string name) => new(Repository.Path("tests", "Bifrost.Core.Tests", "Relevancy", "Images", name));

    public static PackageDatabase Database(string name) =>
        PackageDatabases.Read(Image(name)) ?? throw new InvalidOperationException($"no package database in {name}");

    public static string Shared(string file) => File.ReadAllText(SharedData.Path("relevancy", file));

    public static IEnumerable<SeenFile> Read(params string[] paths) => paths.Select(p => new SeenFile(p, Executed: false));
}
