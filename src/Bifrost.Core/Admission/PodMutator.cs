using System.Text.Json.Nodes;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Admission;

/// <summary>
/// Decides what a pod CREATE gets and builds the patch against the pod's raw JSON: learning or enforce
/// AppArmor profiles for the app's containers, the tracer while learning, and a status annotation that
/// makes a second pass a no-op. Pure: no I/O, safe to call concurrently.
/// </summary>
public sealed class PodMutator(AdmissionOptions options)
{
    private readonly TracerSidecar tracer = new(options.Tracer, options.NativeSidecar);

    public AdmissionOptions Options { get; } = options;

    public AdmissionDecision Decide(AdmissionRequest request, INamespaceLookup namespaces, IProfileCatalog catalog)
    {
        if (!string.IsNullOrEmpty(request.SubResource))
            return AdmissionDecision.Skip(SkipReason.Subresource);
        if (request.Operation != "CREATE" || request.Pod is not { } pod)
            return AdmissionDecision.Skip(SkipReason.NotPodCreate);
        if (Options.IsExcluded(request.Namespace))
            return AdmissionDecision.Skip(SkipReason.ExcludedNamespace);

        var view = new PodView(pod);
        var optIn = view.Annotation(BifrostLabels.Protect);
        if (optIn == "false")
            return AdmissionDecision.Skip(SkipReason.OptedOut);
        var @namespace = namespaces.Find(request.Namespace);
        var namespaceLabel = @namespace?.Labels.GetValueOrDefault(BifrostLabels.Protect);
        if (namespaceLabel == BifrostLabels.ProtectNamespaceDisabledValue)
            return AdmissionDecision.Skip(SkipReason.OptedOut);
        var namespaceOptIn = namespaceLabel == BifrostLabels.ProtectNamespaceValue;
        if (optIn != "true" && !namespaceOptIn)
            return AdmissionDecision.Skip(SkipReason.NotOptedIn);
        if (view.Annotation(BifrostLabels.Status) is not null || view.HasContainer(BifrostLabels.TracerContainerName))
            return AdmissionDecision.Skip(SkipReason.AlreadyInjected);
        if (view.Annotation(BifrostLabels.MirrorPod) is not null)
            return AdmissionDecision.Skip(SkipReason.MirrorPod, "bifrost: mirror (static) pod left unchanged; its kubelet runs it from a file");
        if (view.IsWindows)
            return AdmissionDecision.Skip(SkipReason.Windows, "bifrost: Windows pod left unchanged; AppArmor is Linux-only");

        var workload = WorkloadResolver.Resolve(pod, request.Namespace);
        return Mutate(view, workload, @namespace, catalog);
    }

    private AdmissionDecision Mutate(PodView pod, WorkloadIdentity workload, NamespaceInfo? @namespace, IProfileCatalog catalog)
    {
        var warnings = new List<string>();
        var targets = new List<(PodView.ContainerRef Ref, string Profile, ProfileMode Mode)>();
        var podProfile = pod.PodLevelAppArmorType;
        var anyOff = false;
        foreach (var container in pod.AppContainers())
        {
            var userProfile = podProfile ?? container.AppArmorType ?? pod.Annotation(BifrostLabels.LegacyAppArmorPrefix + container.Name);
            if (userProfile is not null)
            {
                warnings.Add($"bifrost: container {container.Name} keeps its own AppArmor profile ({userProfile})");
                continue;
            }

            var assignment = catalog.Find(workload, container.Name, container.Image);
            switch (assignment.Mode)
            {
                case ProfileMode.Learn:
                    targets.Add((container, assignment.LearningProfile ?? ProfileNames.Learning(workload, container.Name), ProfileMode.Learn));
                    break;
                case ProfileMode.Enforce when assignment.EnforceProfile is { Length: > 0 } enforce:
                    targets.Add((container, enforce, ProfileMode.Enforce));
                    break;
                default:
                    anyOff = true;
                    break;
            }
        }

        if (targets.Count == 0)
        {
            var reason = anyOff ? SkipReason.ModeOff : SkipReason.UserProfile;
            return new AdmissionDecision { Outcome = AdmissionOutcome.Skipped, Reason = reason, Warnings = warnings, Workload = workload };
        }

        var learning = targets.Where(t => t.Mode == ProfileMode.Learn).Select(t => (t.Ref.Name, t.Profile, t.Ref.Image)).ToList();
        var tracerBlocked = learning.Count == 0 ? null : TracerBlocked(pod, @namespace);
        if (tracerBlocked is { } blocked)
            warnings.Add(blocked.Warning);
        var withTracer = learning.Count > 0 && tracerBlocked is null;

        var patch = new JsonPatch();
        AddAnnotations(patch, pod, workload, targets.Select(t => (t.Ref.Name, t.Profile)), learning.Count > 0, withTracer);
        foreach (var (container, profile, _) in targets)
            AddAppArmorField(patch, container, profile);
        if (withTracer)
            AddTracer(patch, pod, workload, learning);

        return new AdmissionDecision
        {
            Outcome = learning.Count == 0 ? AdmissionOutcome.Enforced : withTracer ? AdmissionOutcome.Injected : AdmissionOutcome.ProfileOnly,
            Reason = tracerBlocked?.Reason,
            Patch = patch.ToJsonArray(),
            Warnings = warnings,
            Workload = workload,
        };
    }

    private (string Reason, string Warning)? TracerBlocked(PodView pod, NamespaceInfo? @namespace)
    {
        if (pod.HostNetwork && !Options.TraceHostNetworkPods)
            return (SkipReason.HostNetwork, "bifrost: no tracer in a hostNetwork pod; learning from AppArmor audit records instead");
        var level = @namespace?.Labels.GetValueOrDefault(BifrostLabels.PodSecurityEnforce);
        if (level is "baseline" or "restricted")
            return (SkipReason.PodSecurity, $"bifrost: no tracer, namespace enforces Pod Security '{level}'; learning from AppArmor audit records instead");
        return null;
    }

    private void AddAnnotations(JsonPatch patch, PodView pod, WorkloadIdentity workload, IEnumerable<(string Container, string Profile)> profiles, bool learning, bool tracer)
    {
        var annotations = new List<(string Key, string Value)>();
        var profileMap = new JsonObject();
        foreach (var (container, profile) in profiles)
        {
            profileMap[container] = profile;
            if (Options.WriteLegacyAnnotation)
                annotations.Add((BifrostLabels.LegacyAppArmorPrefix + container, "localhost/" + profile));
        }

        if (tracer && Options.WriteLegacyAnnotation)
            annotations.Add((BifrostLabels.LegacyAppArmorPrefix + BifrostLabels.TracerContainerName, "unconfined"));

        var status = new JsonObject
        {
            ["phase"] = learning ? "Learning" : "Enforcing",
            ["workload"] = $"{workload.Kind}/{workload.Name}",
            ["tracer"] = tracer,
            ["profiles"] = profileMap,
        };
        annotations.Insert(0, (BifrostLabels.Status, status.ToJsonString()));

        if (!pod.HasAnnotations)
        {
            var map = new JsonObject();
            foreach (var (key, value) in annotations)
                map[key] = value;
            patch.Add("/metadata/annotations", map);
            return;
        }

        foreach (var (key, value) in annotations)
            patch.Add("/metadata/annotations/" + JsonPatch.Escape(key), value);
    }

    private static void AddAppArmorField(JsonPatch patch, PodView.ContainerRef container, string profile)
    {
        var field = new JsonObject { ["type"] = "Localhost", ["localhostProfile"] = profile };
        if (container.HasSecurityContext)
            patch.Add($"{container.Pointer}/securityContext/appArmorProfile", field);
        else
            patch.Add($"{container.Pointer}/securityContext", new JsonObject { ["appArmorProfile"] = field });
    }

    private void AddTracer(JsonPatch patch, PodView pod, WorkloadIdentity workload, IReadOnlyList<(string Container, string Profile, string? Image)> traced)
    {
        var container = tracer.Container(workload, traced);
        if (Options.NativeSidecar)
        {
            // First among the init containers, so it is attached before anything else in the pod runs.
            if (pod.HasList("initContainers"))
                patch.Add("/spec/initContainers/0", container);
            else
                patch.Add("/spec/initContainers", new JsonArray(container));
        }
        else
        {
            patch.Add("/spec/containers/-", container);
        }

        var volumes = tracer.Volumes();
        if (pod.HasList("volumes"))
        {
            foreach (var volume in volumes)
                patch.Add("/spec/volumes/-", volume);
        }
        else
        {
            patch.Add("/spec/volumes", new JsonArray(volumes));
        }
    }
}
