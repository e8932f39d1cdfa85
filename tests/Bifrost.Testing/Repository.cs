namespace Bifrost.Testing;

/// <summary>Files of the repository a test runs from, found by walking up to <c>Bifrost.sln</c>.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bifrost.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"Bifrost.sln not found above {AppContext.BaseDirectory}");
    }
}
