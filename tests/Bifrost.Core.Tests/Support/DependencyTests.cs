using System.Xml.Linq;

namespace Bifrost.Core.Tests.Support;

/// <summary>
/// The directions the README's architecture section gives: Core is pure (no ASP.NET, Kubernetes or metrics package,
/// no project), the hosts are leaves, and each project references only what its row allows.
/// </summary>
public sealed class DependencyTests
{
    // What each project under src/ may reference: projects by name, packages and framework references by id.
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Bifrost.Core"] = [],
        ["Bifrost.Reporting"] = ["Bifrost.Core"],
        ["Bifrost.Tracing"] = ["Bifrost.Core", "Bifrost.Reporting", "Microsoft.AspNetCore.App"],
        ["Bifrost.Tracer"] = ["Bifrost.Tracing"],
        ["Bifrost.Kubernetes"] = ["Bifrost.Core", "KubernetesClient", "prometheus-net.AspNetCore", "Microsoft.AspNetCore.App"],
        ["Bifrost.Agent"] = ["Bifrost.Core", "Bifrost.Reporting", "Bifrost.Kubernetes", "KubernetesClient", "prometheus-net.AspNetCore"],
        ["Bifrost.Webhook"] = ["Bifrost.Core", "Bifrost.Kubernetes", "KubernetesClient", "prometheus-net.AspNetCore"],
        ["Bifrost.Cli"] = ["Bifrost.Core", "Bifrost.Tracing", "YamlDotNet", "System.CommandLine", "KubernetesClient"],
    };

    public static TheoryData<string> Projects() =>
        [.. Directory.GetFiles(Repository.Path("src"), "*.csproj", SearchOption.AllDirectories).Select(f => Path.GetFileNameWithoutExtension(f)).Order()];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_ReferencesOnlyWhatItsRowAllows(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed), $"src/{project} has no row in the dependency table (README, Architecture): add one");

        var unexpected = References(project).Except(allowed).ToList();

        Assert.True(unexpected.Count == 0, $"src/{project} references {string.Join(", ", unexpected)}, which its row does not allow");
    }

    [Fact]
    public void Hosts_AreReferencedByNothing()
    {
        string[] hosts = ["Bifrost.Webhook", "Bifrost.Agent", "Bifrost.Cli", "Bifrost.Tracer"];

        var referrers = Allowed.Keys.SelectMany(p => References(p).Intersect(hosts).Select(h => $"{p} -> {h}")).ToList();

        Assert.Empty(referrers);
    }

    [Fact]
    public void CoreAssembly_LoadsNoAspNetKubernetesOrMetricsCode()
    {
        var names = typeof(Wire.IntakeApi).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || n.StartsWith("KubernetesClient", StringComparison.Ordinal) || n.StartsWith("Prometheus", StringComparison.Ordinal));
    }

    private static IEnumerable<string> References(string project)
    {
        var file = XDocument.Load(Repository.Path("src", project, project + ".csproj"));
        return file.Descendants()
            .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference")
            .Select(e => e.Attribute("Include")!.Value)
            .Select(include => include.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(include.Replace('\\', '/')) : include)
            .Distinct(StringComparer.Ordinal);
    }
}
