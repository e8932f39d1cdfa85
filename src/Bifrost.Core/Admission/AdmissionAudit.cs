using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Admission;

/// <summary>
/// Looks at a running pod the way admission would look at it being created, and says whether it runs without what
/// admission would have given it. The decision is admission's own (<see cref="PodMutator.Decide(AdmissionRequest, INamespaceLookup, IProfileCatalog, KubernetesVersion)"/>),
/// so every pod admission leaves alone on purpose (excluded namespaces, opted out, Windows, mirror pods, containers
/// with their user's own profile, <c>spec.mode: Off</c>) is left alone here too.
/// </summary>
public static class AdmissionAudit
{
    /// <summary>Null when the pod is protected, or admission would not change it.</summary>
    /// <param name="mutator">Admission's decision, with its settings.</param>
    /// <param name="pod">The pod as the API server returns it.</param>
    /// <param name="namespace">The pod's namespace.</param>
    /// <param name="namespaces">The namespace labels admission reads.</param>
    /// <param name="catalog">The profiles admission hands out.</param>
    /// <param name="server">The API server's version.</param>
    public static UnprotectedPod? Check(
        PodMutator mutator, JsonObject pod, string @namespace, INamespaceLookup namespaces, IProfileCatalog catalog, KubernetesVersion server)
    {
        ArgumentNullException.ThrowIfNull(mutator);
        ArgumentNullException.ThrowIfNull(pod);
        // Read as admission reads a review's pod: the nodes' JSON once, then every question answered from it.
        var json = JsonText.ToElement(pod);
        var request = new AdmissionRequest { Uid = "audit", Operation = "CREATE", Namespace = @namespace, Resource = "pods", Kind = "Pod", Pod = pod, PodElement = json };
        // Who created a running pod is no longer known: an opt-out it carries is taken as one admission allowed (an
        // exempt user's); a status mark that names no profile it runs with is still found below.
        var decision = mutator.Decide(request, namespaces, catalog, server, OptOutVerdict.Exempt);
        if (decision.Outcome is AdmissionOutcome.Injected or AdmissionOutcome.ProfileOnly or AdmissionOutcome.Enforced)
        {
            var what = decision.Outcome == AdmissionOutcome.Enforced ? "enforce profiles" : "learning profiles";
            return new UnprotectedPod(decision.Workload ?? WorkloadResolver.Resolve(json, @namespace), UnprotectedReason.NotAdmitted,
                $"it has no {BifrostLabels.Status} annotation: admission would give it {what}, but never saw it " +
                "(created while the webhook was unavailable or failing, or before its namespace or workload opted in)");
        }

        return decision.Reason == SkipReason.AlreadyInjected && MissingProfile(new PodView(json)) is { } missing
            ? new UnprotectedPod(WorkloadResolver.Resolve(json, @namespace), UnprotectedReason.ProfileMissing, missing)
            : null;
    }

    /// <summary>The first container the status annotation names whose AppArmor profile is not the one named.</summary>
    private static string? MissingProfile(PodView pod)
    {
        if (pod.Annotation(BifrostLabels.Status) is not { } text)
            return null;
        JsonObject? profiles;
        try
        {
            profiles = JsonNode.Parse(text)?["profiles"] as JsonObject;
        }
        catch (JsonException)
        {
            profiles = null;
        }

        if (profiles is null || profiles.Count == 0)
            return $"its {BifrostLabels.Status} annotation names no profiles, so admission left it alone; it was not written by Bifrost for this pod";

        var containers = pod.AppContainers().ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var (name, node) in profiles)
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var profile) || !containers.TryGetValue(name, out var container))
                continue;
            var expected = "localhost/" + profile;
            var field = container.AppArmorType ?? pod.PodLevelAppArmorType;
            var annotation = pod.Annotation(BifrostLabels.LegacyAppArmorPrefix + name);
            if (field != expected && annotation != expected)
                return $"its {BifrostLabels.Status} annotation names profile {profile} for container {name}, which runs with {field ?? annotation ?? "no AppArmor profile"}";
        }

        return null;
    }
}
