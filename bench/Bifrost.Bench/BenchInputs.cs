using Bifrost.Core.Admission;

namespace Bifrost.Bench;

/// <summary>The benchmarks use the admission golden cases as their pods.</summary>
internal static class BenchInputs
{
    public static string Case(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "Bifrost.Core.Tests", "Admission", "Cases", name, "request.json");
            if (File.Exists(path))
                return path;
        }

        var fromEnv = Environment.GetEnvironmentVariable("BIFROST_REPO");
        return fromEnv is null
            ? throw new FileNotFoundException($"admission case '{name}' not found; set BIFROST_REPO to the repository root")
            : Path.Combine(fromEnv, "tests", "Bifrost.Core.Tests", "Admission", "Cases", name, "request.json");
    }
}

/// <summary>The golden cases' namespace "shop" is opted in.</summary>
internal sealed class BenchNamespaces : INamespaceLookup
{
    public static BenchNamespaces Instance { get; } = new();

    private static readonly NamespaceInfo Shop = new("shop", new Dictionary<string, string> { [BifrostLabels.Protect] = BifrostLabels.ProtectNamespaceValue });

    public NamespaceInfo? Find(string name) => name == "shop" ? Shop : null;
}
