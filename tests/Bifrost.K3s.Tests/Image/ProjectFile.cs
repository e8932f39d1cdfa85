using System.Xml.Linq;

namespace Bifrost.K3s.Tests.Image;

/// <summary>What a test needs from a src/ project file: its assembly name and the projects it references.</summary>
internal static class ProjectFile
{
    /// <summary>The path of <c>src/&lt;project&gt;/&lt;project&gt;.csproj</c> relative to the repository root.</summary>
    public static string PathOf(string project) => $"src/{project}/{project}.csproj";

    public static XDocument Load(string project) => XDocument.Load(Repository.Path(PathOf(project)));

    public static string AssemblyName(string project) =>
        Load(project).Descendants("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault() ?? project;

    /// <summary>Every project this one references, directly or through another, by name.</summary>
    public static IReadOnlySet<string> References(string project)
    {
        var found = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            foreach (var include in Load(current).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
            {
                var name = Path.GetFileNameWithoutExtension(include.Replace('\\', '/'));
                if (found.Add(name))
                    pending.Push(name);
            }
        }

        return found;
    }
}
