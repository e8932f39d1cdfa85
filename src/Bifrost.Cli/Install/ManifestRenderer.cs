using System.Text.Json.Nodes;
using Bifrost.Cli.Manifests;

namespace Bifrost.Cli.Install;

/// <summary>
/// Renders the manifests the CLI carries as kustomize would, for the parts of kustomize that manifests/ uses: the
/// base's resources, namespace, labels, configMapGenerator literals (with kustomize's hashed name, and references to
/// it renamed), images (also the tracer image setting named in kustomizeconfig.yaml), the cert-manager overlay's
/// resources, patch and merged literals; then <see cref="InstallOptions"/> on top. The objects come out in the order
/// kustomize prints them, which is also an order that can be applied: namespace and CRDs first, the webhook
/// configuration last.
/// </summary>
internal static class ManifestRenderer
{
    public const string ConfigMapName = "bifrost-webhook-config";

    /// <summary>The webhook's setting of the default enforcement choice.</summary>
    public const string EnforcementSetting = "Bifrost__Learning__Enforcement";

    private const string Base = "manifests/base/";
    private const string CertManager = "manifests/overlays/cert-manager/";

    private static readonly string[] FirstKinds =
    [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role",
        "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange",
        "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ];

    private static readonly string[] LastKinds = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

    public static IReadOnlyList<JsonObject> Render(InstallOptions options)
    {
        var kustomization = EmbeddedManifests.Single(Base + "kustomization.yaml");
        var objects = Strings(kustomization["resources"]).SelectMany(r => EmbeddedManifests.Documents(Base + r)).ToList();
        var literals = Literals(kustomization, ConfigMapName, new Dictionary<string, string>(StringComparer.Ordinal));
        var images = Images(kustomization, options);

        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = ConfigMapName },
        };
        objects.Add(configMap);

        var baseNamespace = (string?)kustomization["namespace"] ?? InstallOptions.DefaultNamespace;
        foreach (var item in objects)
        {
            AddLabels(item, kustomization);
            if (IsNamespaced(item))
                Metadata(item)["namespace"] = baseNamespace;
        }

        if (options.Certificates == CertificateMode.CertManager)
            AddCertManager(objects, literals);
        if (options.Enforcement is { } enforcement)
            literals[EnforcementSetting] = enforcement.ToString().ToLowerInvariant();

        configMap["data"] = new JsonObject(literals.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        foreach (var item in objects)
            SetImages(item, images);
        foreach (var key in ImageSettings())
        {
            if (configMap["data"]![key] is JsonValue value)
                configMap["data"]![key] = Retag((string)value!, images);
        }

        if (options.Namespace != baseNamespace)
            MoveNamespace(objects, baseNamespace, options.Namespace);

        var data = configMap["data"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);
        var hashedName = ConfigMapName + "-" + ConfigMapHash.Suffix(data);
        Metadata(configMap)["name"] = hashedName;
        foreach (var item in objects)
            RenameConfigMapReferences(item, hashedName);

        return [.. objects.Select((o, i) => (Object: o, Index: i)).OrderBy(p => Rank(Kind(p.Object))).ThenBy(p => p.Index).Select(p => p.Object)];
    }

    /// <summary>The objects as one YAML stream, <c>---</c> between documents.</summary>
    public static string ToYaml(IEnumerable<JsonObject> objects) => string.Join("---\n", objects.Select(YamlWriter.Write));

    public static string Kind(JsonObject item) => (string?)item["kind"] ?? "";

    public static string Name(JsonObject item) => (string?)item["metadata"]?["name"] ?? "";

    public static bool IsNamespaced(JsonObject item) => Kind(item) is not ("Namespace" or "CustomResourceDefinition" or "ClusterRole" or "ClusterRoleBinding"
        or "MutatingWebhookConfiguration" or "ValidatingWebhookConfiguration" or "PriorityClass" or "StorageClass" or "PersistentVolume" or "ClusterIssuer");

    private static int Rank(string kind) =>
        Array.IndexOf(FirstKinds, kind) is >= 0 and var first ? first
        : Array.IndexOf(LastKinds, kind) is >= 0 and var last ? FirstKinds.Length + 1 + last
        : FirstKinds.Length;

    private static JsonObject Metadata(JsonObject item) => item["metadata"] as JsonObject ?? (JsonObject)(item["metadata"] = new JsonObject());

    private static IEnumerable<string> Strings(JsonNode? list) => list is JsonArray array ? array.Select(n => (string)n!) : [];

    private static Dictionary<string, string> Literals(JsonObject kustomization, string name, Dictionary<string, string> into)
    {
        foreach (var generator in (kustomization["configMapGenerator"] as JsonArray ?? []).OfType<JsonObject>().Where(g => (string?)g["name"] == name))
        {
            foreach (var literal in Strings(generator["literals"]))
            {
                var at = literal.IndexOf('=', StringComparison.Ordinal);
                into[literal[..at]] = literal[(at + 1)..];
            }
        }

        return into;
    }

    private static void AddLabels(JsonObject item, JsonObject kustomization)
    {
        foreach (var group in (kustomization["labels"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var labels = Metadata(item)["labels"] as JsonObject ?? (JsonObject)(Metadata(item)["labels"] = new JsonObject());
            foreach (var (key, value) in group["pairs"]!.AsObject())
                labels[key] = value!.DeepClone();
        }
    }

    /// <summary>The overlay: its own resources, its strategic-merge patches (plain maps here) and its merged literals.</summary>
    private static void AddCertManager(List<JsonObject> objects, Dictionary<string, string> literals)
    {
        var overlay = EmbeddedManifests.Single(CertManager + "kustomization.yaml");
        objects.AddRange(Strings(overlay["resources"]).Where(r => !r.StartsWith("../", StringComparison.Ordinal)).SelectMany(r => EmbeddedManifests.Documents(CertManager + r)));
        foreach (var patch in (overlay["patches"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var change in EmbeddedManifests.Documents(CertManager + (string)patch["path"]!))
            {
                var target = objects.Single(o => Kind(o) == Kind(change) && Name(o) == Name(change));
                Merge(target, change);
            }
        }

        Literals(overlay, ConfigMapName, literals);
    }

    private static void Merge(JsonObject target, JsonObject change)
    {
        foreach (var (key, value) in change)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
                Merge(existing, inner);
            else
                target[key] = value?.DeepClone();
        }
    }

    /// <summary>Image name (as the resources write it) to its rendered reference, from <c>images:</c> and the options.</summary>
    private static Dictionary<string, string> Images(JsonObject kustomization, InstallOptions options)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in (kustomization["images"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string)image["name"]!;
            var newName = (string?)image["newName"] ?? name;
            if (options.Registry is { } registry && newName.StartsWith(InstallOptions.DefaultRegistry + "/", StringComparison.Ordinal))
                newName = registry.TrimEnd('/') + newName[InstallOptions.DefaultRegistry.Length..];
            var tag = options.Tag ?? (string?)image["newTag"];
            images[name] = tag is null ? newName : $"{newName}:{tag}";
        }

        return images;
    }

    /// <summary>The ConfigMap keys that hold image references (kustomizeconfig.yaml, <c>path: data/KEY</c>).</summary>
    private static IEnumerable<string> ImageSettings()
    {
        var configuration = EmbeddedManifests.Single(Base + "kustomizeconfig.yaml");
        return (configuration["images"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(spec => (string?)spec["kind"] == "ConfigMap")
            .Select(spec => ((string)spec["path"]!)["data/".Length..]);
    }

    private static string Retag(string image, Dictionary<string, string> images)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
            name = name[..colon];
        return images.TryGetValue(name, out var rendered) ? rendered : image;
    }

    private static void SetImages(JsonNode? node, Dictionary<string, string> images)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var key in (string[])["containers", "initContainers", "ephemeralContainers"])
                {
                    foreach (var container in (map[key] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        if (container["image"] is JsonValue image)
                            container["image"] = Retag((string)image!, images);
                    }
                }

                foreach (var (_, value) in map.ToList())
                    SetImages(value, images);
                break;
            case JsonArray list:
                foreach (var value in list)
                    SetImages(value, images);
                break;
        }
    }

    /// <summary>
    /// Another namespace than the manifests': every object's, and every mention of the old one in a value (the
    /// service names in URLs and certificates, the webhook's excluded namespaces, the system-namespace setting).
    /// </summary>
    private static void MoveNamespace(List<JsonObject> objects, string from, string to)
    {
        foreach (var item in objects)
        {
            Replace(item, from, to);
            if (Kind(item) == "Namespace" && Name(item) == from)
                Metadata(item)["name"] = to;
        }
    }

    private static void Replace(JsonNode? node, string from, string to)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map.ToList())
                {
                    if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && Moved(text, from, to) is { } moved)
                        map[key] = moved;
                    else
                        Replace(value, from, to);
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonValue scalar && scalar.TryGetValue<string>(out var text) && Moved(text, from, to) is { } moved)
                        list[i] = moved;
                    else
                        Replace(list[i], from, to);
                }

                break;
        }
    }

    private static string? Moved(string text, string from, string to) =>
        text == from ? to
        : text.StartsWith(from + "/", StringComparison.Ordinal) ? to + text[from.Length..]
        : text.Contains($".{from}.svc", StringComparison.Ordinal) ? text.Replace($".{from}.svc", $".{to}.svc", StringComparison.Ordinal)
        : null;

    private static void RenameConfigMapReferences(JsonNode? node, string hashedName)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var key in (string[])["configMapRef", "configMapKeyRef", "configMap"])
                {
                    if (map[key] is JsonObject reference && (string?)reference["name"] == ConfigMapName)
                        reference["name"] = hashedName;
                }

                foreach (var (_, value) in map.ToList())
                    RenameConfigMapReferences(value, hashedName);
                break;
            case JsonArray list:
                foreach (var value in list)
                    RenameConfigMapReferences(value, hashedName);
                break;
        }
    }
}
