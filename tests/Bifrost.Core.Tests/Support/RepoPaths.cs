namespace Bifrost.Core.Tests.Support;

/// <summary>Finds files of the repository from the test's output directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "Bifrost.Core.Tests");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bifrost.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"Bifrost.sln not found above {AppContext.BaseDirectory}");
    }
}
