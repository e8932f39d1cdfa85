namespace Bifrost.K3s.Tests.Support;

/// <summary>Files of the repository the tests read: the manifests, the Dockerfile, the Makefile.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifests => Path.Combine(Root, "manifests");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Bifrost.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no Bifrost.sln above {AppContext.BaseDirectory}");
    }
}
