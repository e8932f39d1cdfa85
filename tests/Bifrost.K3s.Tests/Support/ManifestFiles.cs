using k8s;
using YamlDotNet.RepresentationModel;

namespace Bifrost.K3s.Tests.Support;

/// <summary>The manifests as Kubernetes objects (typed with the official client's models) and kustomizations as YAML trees.</summary>
internal static class ManifestFiles
{
    public static string Base => Path.Combine(Repository.Path("manifests"), "base");

    /// <summary>Every object of every resource file a kustomization lists, typed.</summary>
    public static List<object> Objects(string kustomizationDirectory) =>
        [.. Resources(kustomizationDirectory)
            .Where(File.Exists)
            .SelectMany(file => KubernetesYaml.LoadAllFromString(File.ReadAllText(file)))];

    public static T Single<T>(string kustomizationDirectory) => Objects(kustomizationDirectory).OfType<T>().Single();

    /// <summary>The one object of type <typeparamref name="T"/> called <paramref name="name"/>: the webhook and the node agent each have their own.</summary>
    public static T Named<T>(string kustomizationDirectory, string name)
        where T : IKubernetesObject<k8s.Models.V1ObjectMeta> =>
        Objects(kustomizationDirectory).OfType<T>().Single(o => o.Metadata.Name == name);

    public static YamlMappingNode Kustomization(string directory)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(directory, "kustomization.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The paths a kustomization lists under <paramref name="field"/>, resolved against its directory.</summary>
    public static IEnumerable<string> Listed(string directory, string field) =>
        Kustomization(directory).Children.TryGetValue(new YamlScalarNode(field), out var node) && node is YamlSequenceNode items
            ? items.Select(item => item is YamlMappingNode map ? ((YamlScalarNode)map.Children[new YamlScalarNode("path")]).Value! : ((YamlScalarNode)item).Value!)
                .Select(path => Path.GetFullPath(Path.Combine(directory, path)))
            : [];

    private static IEnumerable<string> Resources(string directory) => Listed(directory, "resources");

    /// <summary>Every directory under manifests/ that holds a kustomization.</summary>
    public static IEnumerable<string> Kustomizations() =>
        Directory.EnumerateFiles(Repository.Path("manifests"), "kustomization.yaml", SearchOption.AllDirectories).Select(Path.GetDirectoryName)!;
}
