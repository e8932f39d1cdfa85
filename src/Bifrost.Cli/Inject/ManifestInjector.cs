using System.Text.Json.Nodes;
using Bifrost.Core.Admission;

namespace Bifrost.Cli.Inject;

/// <summary>
/// Does to one Kubernetes object what the webhook would do to the pods it creates: a Pod is changed as the
/// webhook changes it, a workload's pod template as the webhook changes each of its pods, a List item by item.
/// Other kinds are left alone. Notes and warnings go to <paramref name="notes"/>.
/// </summary>
internal sealed class ManifestInjector(InjectOptions settings, TextWriter notes)
{
    private readonly PodMutator mutator = new(settings.Admission);
    private readonly FixedNamespaceLookup namespaces = new(settings.NamespaceLabels);

    /// <summary>Changes <paramref name="resource"/> in place; true when anything changed.</summary>
    public bool Inject(JsonObject resource)
    {
        var kind = Text(resource["kind"]) ?? "";
        if (kind.EndsWith("List", StringComparison.Ordinal) && resource["items"] is JsonArray items)
        {
            var changed = false;
            foreach (var item in items.OfType<JsonObject>())
                changed |= Inject(item);
            return changed;
        }

        var metadata = resource["metadata"] as JsonObject;
        var name = Text(metadata?["name"]) ?? Text(metadata?["generateName"])?.TrimEnd('-') ?? "unnamed";
        if (PodTemplate.Find(resource, kind, name) is not { } template)
            return false;

        var @namespace = settings.Namespace ?? Text(metadata?["namespace"]) ?? "default";
        var request = new AdmissionRequest
        {
            Uid = "bifrost-inject",
            Operation = "CREATE",
            Namespace = @namespace,
            Resource = "pods",
            Kind = "Pod",
            Pod = template.ToPod(),
        };
        var decision = mutator.Decide(request, namespaces, LearningCatalog.Instance, settings.ServerVersion);
        var subject = $"{kind} {@namespace}/{name}";
        foreach (var warning in decision.Warnings)
            notes.WriteLine($"bifrost inject: {subject}: {Unprefixed(warning)}");

        if (decision.Outcome == AdmissionOutcome.Denied)
        {
            // inject knows no requesting user: an opt-out from a protected namespace is shown as the webhook refuses it.
            notes.WriteLine($"bifrost inject: {subject}: left unchanged; the webhook would deny it: {Unprefixed(decision.Denial ?? "")}");
            return false;
        }

        if (decision.Patch is not { Count: > 0 } patch)
        {
            notes.WriteLine($"bifrost inject: {subject}: left unchanged ({decision.Reason ?? decision.Outcome.ToString()})");
            return false;
        }

        // A template may omit metadata, but every patch Bifrost makes starts from /metadata.
        if (template.Target["metadata"] is not JsonObject)
        {
            var spec = template.Target.IndexOf("spec");
            template.Target.Insert(spec < 0 ? template.Target.Count : spec, "metadata", new JsonObject());
        }

        JsonPatchApplier.Apply(template.Target, patch);
        return true;
    }

    private static string Unprefixed(string warning) =>
        warning.StartsWith("bifrost: ", StringComparison.Ordinal) ? warning["bifrost: ".Length..] : warning;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
