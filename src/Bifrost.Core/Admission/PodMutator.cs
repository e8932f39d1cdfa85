using System.Text.Json;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Admission;

/// <summary>
/// Decides what a pod CREATE gets and builds the patch against the pod's raw JSON: learning or enforce
/// AppArmor profiles for the app's containers, the tracer while learning, and a status annotation that
/// makes a second pass a no-op. Pure: no I/O, safe to call concurrently; only the CA bundle the tracer trusts
/// can be swapped (<see cref="TrustCaBundle"/>).
/// </summary>
public sealed class PodMutator
{
    // One tracer per combination of native sidecar and AppArmor field, each serialised once; swapped whole when the
    // CA bundle the tracer trusts changes (the one part that is not fixed at start).
    private volatile TracerSidecar[] tracers;
    private volatile AdmissionOptions options;

    public PodMutator(AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        tracers = Tracers(options.Tracer);
    }

    public AdmissionOptions Options => options;

    /// <summary>
    /// Makes the tracers of pods admitted from now on trust <paramref name="caBundle"/> (PEM), as when self-managed
    /// serving certificates rotate their CA. Pods admitted before keep the bundle they were given.
    /// </summary>
    /// <returns>Whether the bundle changed.</returns>
    public bool TrustCaBundle(string? caBundle)
    {
        var current = options;
        if (string.Equals(current.Tracer.CaBundle, caBundle, StringComparison.Ordinal))
            return false;
        var next = current with { Tracer = current.Tracer with { CaBundle = caBundle } };
        tracers = Tracers(next.Tracer);
        options = next;
        return true;
    }

    private static TracerSidecar[] Tracers(TracerOptions tracer) =>
    [
        new TracerSidecar(tracer, nativeSidecar: false, appArmorField: false),
        new TracerSidecar(tracer, nativeSidecar: false, appArmorField: true),
        new TracerSidecar(tracer, nativeSidecar: true, appArmorField: false),
        new TracerSidecar(tracer, nativeSidecar: true, appArmorField: true),
    ];

    /// <summary>The decision for an API server with every feature Bifrost uses.</summary>
    public AdmissionDecision Decide(AdmissionRequest request, INamespaceLookup namespaces, IProfileCatalog catalog) =>
        Decide(request, namespaces, catalog, KubernetesVersion.Newest);

    /// <summary>The decision for an API server of version <paramref name="server"/>, with no one to ask about opt-outs (they are refused).</summary>
    public AdmissionDecision Decide(AdmissionRequest request, INamespaceLookup namespaces, IProfileCatalog catalog, KubernetesVersion server) =>
        Decide(request, namespaces, catalog, server, OptOutVerdict.NotAsked);

    /// <summary>Whether deciding <paramref name="request"/> needs to know if its user may opt the pod out (see <see cref="IOptOutAuthorizer"/>).</summary>
    public bool AsksToOptOut(AdmissionRequest request, INamespaceLookup namespaces)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(namespaces);
        return string.IsNullOrEmpty(request.SubResource) && request.Operation == "CREATE" && request.PodJson is { } pod && !Options.IsExcluded(request.Namespace)
            && OptOutClaims.Of(new PodView(pod), request, namespaces.Find(request.Namespace)).Any;
    }

    /// <summary>
    /// The decision for an API server of version <paramref name="server"/>: no field or container it would reject. In a
    /// namespace labelled for protection an opt-out is honoured only when <paramref name="optOut"/> is
    /// <see cref="OptOutVerdict.Exempt"/>; refused, the pod is denied; when the check failed, the pod is protected anyway.
    /// </summary>
    public AdmissionDecision Decide(AdmissionRequest request, INamespaceLookup namespaces, IProfileCatalog catalog, KubernetesVersion server, OptOutVerdict optOut)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(namespaces);
        if (!string.IsNullOrEmpty(request.SubResource))
            return AdmissionDecision.Skip(SkipReason.Subresource);
        if (request.Operation != "CREATE" || request.PodJson is not { } pod)
            return AdmissionDecision.Skip(SkipReason.NotPodCreate);
        if (Options.IsExcluded(request.Namespace))
            return AdmissionDecision.Skip(SkipReason.ExcludedNamespace);

        var view = new PodView(pod);
        var @namespace = namespaces.Find(request.Namespace);
        var claims = OptOutClaims.Of(view, request, @namespace);
        var warnings = new List<string>();
        var overriding = false;
        if (claims.Any)
        {
            var who = request.User.Username is { Length: > 0 } name ? name : "an unknown user";
            var what = string.Join("; ", claims.Claims);
            switch (optOut)
            {
                case OptOutVerdict.Exempt:
                    warnings.Add($"bifrost: opt-out allowed: {who} may exempt pods in namespace {request.Namespace} ({what})");
                    break;
                case OptOutVerdict.Unknown when !claims.ForgedMarks:
                    overriding = true;
                    warnings.Add($"bifrost: could not check whether {who} may opt this pod out ({what}); it is protected anyway");
                    break;
                default:
                    return Refuse(request, who, what, optOut);
            }
        }

        var protect = overriding ? null : view.Annotation(BifrostLabels.Protect);
        switch (OptIn.Of(@namespace?.Labels.GetValueOrDefault(BifrostLabels.Protect), protect))
        {
            case OptInState.OptedOut:
                return AdmissionDecision.Skip(SkipReason.OptedOut, [.. warnings]);
            case OptInState.NotOptedIn:
                return AdmissionDecision.Skip(SkipReason.NotOptedIn);
        }

        if (!overriding && (view.Annotation(BifrostLabels.Status) is not null || view.HasContainer(BifrostLabels.TracerContainerName)))
            return AdmissionDecision.Skip(SkipReason.AlreadyInjected, [.. warnings]);
        if (!overriding && view.Annotation(BifrostLabels.MirrorPod) is not null)
            return AdmissionDecision.Skip(SkipReason.MirrorPod, [.. warnings, "bifrost: mirror (static) pod left unchanged; its kubelet runs it from a file"]);
        if (view.IsWindows)
            return AdmissionDecision.Skip(SkipReason.Windows, "bifrost: Windows pod left unchanged; AppArmor is Linux-only");

        var workload = WorkloadResolver.Resolve(pod, request.Namespace);
        var overridden = overriding ? claims.ForeignProfiles : null;
        return Mutate(view, workload, request.Namespace, @namespace, catalog, PodFeatures.For(server, Options), warnings, overridden);
    }

    private static AdmissionDecision Refuse(AdmissionRequest request, string who, string what, OptOutVerdict verdict) => new()
    {
        Outcome = AdmissionOutcome.Denied,
        Reason = SkipReason.OptOutRefused,
        Denial = $"bifrost: namespace {request.Namespace} is protected (label {BifrostLabels.Protect}=enabled) and "
            + (verdict == OptOutVerdict.Unknown ? $"whether {who} may opt pods out could not be checked" : $"{who} may not opt pods out")
            + $": {what}. Remove the opt-out, or have the namespace labelled {BifrostLabels.AllowOptOut}=true, or grant the pod's creator "
            + $"the verb {BifrostLabels.ExemptVerb} on bifrostprofiles.bifrost.io in the namespace.",
    };

    // overridden: containers whose own profile Bifrost replaces because their opt-out could not be checked.
    private AdmissionDecision Mutate(
        PodView pod, WorkloadIdentity workload, string namespaceName, NamespaceInfo? @namespace, IProfileCatalog catalog, PodFeatures features,
        List<string> warnings, IReadOnlySet<string>? overridden)
    {
        var targets = new List<(PodView.ContainerRef Ref, string Profile, ContainerMode Mode)>();
        var anyOff = false;
        foreach (var container in pod.AppContainers())
        {
            var userProfile = OptOutClaims.UserProfile(pod, container);
            if (userProfile is not null && overridden?.Contains(container.Name) != true)
            {
                warnings.Add($"bifrost: container {container.Name} keeps its own AppArmor profile ({userProfile})");
                continue;
            }

            var assignment = catalog.Find(workload, container.Name, container.Image);
            switch (assignment.Mode)
            {
                case ContainerMode.Learn:
                    targets.Add((container, assignment.LearningProfile ?? ProfileNames.Learning(workload, container.Name), ContainerMode.Learn));
                    break;
                case ContainerMode.Enforce when assignment.EnforceProfile is { Length: > 0 } enforce:
                    targets.Add((container, enforce, ContainerMode.Enforce));
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

        var learning = targets.Where(t => t.Mode == ContainerMode.Learn).Select(t => (t.Ref.Name, t.Profile, t.Ref.Image)).ToList();
        var tracerBlocked = learning.Count == 0 ? null : TracerBlocked(pod, namespaceName, @namespace);
        if (tracerBlocked is { } blocked)
            warnings.Add(blocked.Warning);
        var withTracer = learning.Count > 0 && tracerBlocked is null;
        if (withTracer && features.ClassicSidecarWarning is { } classic)
            warnings.Add(classic);
        if (tracerBlocked is not null)
            targets = [.. targets.Select(OwnLearningProfile(workload))];

        using var patch = PatchWriter.Start();
        var status = new TracerStatus(learning.Count > 0, withTracer, tracerBlocked?.Reason);
        AddAnnotations(patch, pod, workload, targets.Select(t => (t.Ref.Name, t.Profile)), status, features, overridden);
        if (features.AppArmorField)
        {
            foreach (var (container, profile, _) in targets)
                AddAppArmorField(patch, container, profile);
        }

        if (withTracer)
            AddTracer(patch, pod, workload, learning, features);

        return new AdmissionDecision
        {
            Outcome = learning.Count == 0 ? AdmissionOutcome.Enforced : withTracer ? AdmissionOutcome.Injected : AdmissionOutcome.ProfileOnly,
            Reason = tracerBlocked?.Reason,
            PatchJson = patch.ToArray(),
            Warnings = warnings,
            Workload = workload,
        };
    }

    /// <summary>
    /// Without a tracer the audit records are all there is to learn from, and they name only the profile: each
    /// container gets its own learning profile, never the shared bootstrap one. The node agent loads it (a
    /// placeholder until the workload's profile is rendered) as soon as the pod is bound to its node.
    /// </summary>
    private static Func<(PodView.ContainerRef Ref, string Profile, ContainerMode Mode), (PodView.ContainerRef, string, ContainerMode)> OwnLearningProfile(WorkloadIdentity workload) =>
        t => t.Mode == ContainerMode.Learn && t.Profile == ProfileNames.Bootstrap ? (t.Ref, ProfileNames.Learning(workload, t.Ref.Name), t.Mode) : t;

    private (string Reason, string Warning)? TracerBlocked(PodView pod, string namespaceName, NamespaceInfo? @namespace)
    {
        if (pod.HostNetwork && !Options.TraceHostNetworkPods)
            return (SkipReason.HostNetwork, "bifrost: no tracer in a hostNetwork pod; learning from AppArmor audit records instead");
        if (PodSecurityLevel.TracerRejection(@namespace, namespaceName, Options.PodSecurityDefaultLevel) is { } rejection)
            return (SkipReason.PodSecurity, $"bifrost: no tracer, {rejection}; learning from AppArmor audit records instead");
        return null;
    }

    private static void AddAnnotations(
        PatchWriter patch, PodView pod, WorkloadIdentity workload, IEnumerable<(string Container, string Profile)> profiles, TracerStatus tracer, PodFeatures features,
        IReadOnlySet<string>? overridden)
    {
        var annotations = new List<(string Key, string Value)>();
        // In order of first appearance, a repeated container name keeping its place with the last profile (as a JSON object would).
        var profileMap = new List<(string Container, string Profile)>();
        foreach (var (container, profile) in profiles)
        {
            Put(profileMap, container, profile);
            // A replaced legacy annotation must be rewritten even where Bifrost writes only the field: the API server rejects a pod whose two differ.
            if (features.LegacyAnnotation || (overridden?.Contains(container) == true && pod.Annotation(BifrostLabels.LegacyAppArmorPrefix + container) is not null))
                annotations.Add((BifrostLabels.LegacyAppArmorPrefix + container, "localhost/" + profile));
        }

        if (tracer.Injected && features.LegacyAnnotation)
            annotations.Add((BifrostLabels.LegacyAppArmorPrefix + BifrostLabels.TracerContainerName, "unconfined"));

        var status = patch.StartText();
        status.WriteStartObject();
        status.WriteString("phase", tracer.Learning ? "Learning" : "Enforcing");
        status.WriteString("workload", $"{workload.Kind}/{workload.Name}");
        status.WriteBoolean("tracer", tracer.Injected);
        // A pod that learns without its tracer says why, where anyone reading the pod finds it.
        if (tracer.SkipReason is { } skipped)
            status.WriteString("tracerSkipped", skipped);
        status.WriteStartObject("profiles");
        foreach (var (container, profile) in profileMap)
            status.WriteString(container, profile);
        status.WriteEndObject();
        status.WriteEndObject();
        annotations.Insert(0, (BifrostLabels.Status, patch.EndText()));

        if (!pod.HasAnnotations)
        {
            var map = new List<(string Key, string Value)>(annotations.Count);
            foreach (var (key, value) in annotations)
                Put(map, key, value);
            var writer = patch.StartAdd("/metadata/annotations");
            writer.WriteStartObject();
            foreach (var (key, value) in map)
                writer.WriteString(key, value);
            writer.WriteEndObject();
            patch.EndAdd();
            return;
        }

        foreach (var (key, value) in annotations)
            patch.Add("/metadata/annotations/" + JsonPatch.Escape(key), value);
    }

    private static void Put(List<(string Key, string Value)> map, string key, string value)
    {
        var at = map.FindIndex(entry => entry.Key == key);
        if (at < 0)
            map.Add((key, value));
        else
            map[at] = (key, value);
    }

    private static void AddAppArmorField(PatchWriter patch, PodView.ContainerRef container, string profile)
    {
        var hasContext = container.HasSecurityContext;
        var writer = patch.StartAdd(hasContext ? $"{container.Pointer}/securityContext/appArmorProfile" : $"{container.Pointer}/securityContext");
        writer.WriteStartObject();
        if (!hasContext)
            writer.WriteStartObject("appArmorProfile");
        writer.WriteString("type", "Localhost");
        writer.WriteString("localhostProfile", profile);
        writer.WriteEndObject();
        if (!hasContext)
            writer.WriteEndObject();
        patch.EndAdd();
    }

    private void AddTracer(
        PatchWriter patch, PodView pod, WorkloadIdentity workload, IReadOnlyList<(string Container, string Profile, string? Image)> traced, PodFeatures features)
    {
        var tracer = tracers[((features.NativeSidecar ? 1 : 0) * 2) + (features.AppArmorField ? 1 : 0)];
        Utf8JsonWriter writer;
        if (features.NativeSidecar)
        {
            // First among the init containers, so it is attached before anything else in the pod runs.
            var hasList = pod.HasList("initContainers");
            writer = patch.StartAdd(hasList ? "/spec/initContainers/0" : "/spec/initContainers");
            if (!hasList)
                writer.WriteStartArray();
            tracer.WriteContainer(writer, workload, traced);
            if (!hasList)
                writer.WriteEndArray();
        }
        else
        {
            writer = patch.StartAdd("/spec/containers/-");
            tracer.WriteContainer(writer, workload, traced);
        }

        patch.EndAdd();
        if (pod.HasList("volumes"))
        {
            foreach (var volume in tracer.VolumeJson)
            {
                patch.StartAdd("/spec/volumes/-").WriteRawValue(volume, skipInputValidation: true);
                patch.EndAdd();
            }
        }
        else
        {
            writer = patch.StartAdd("/spec/volumes");
            writer.WriteStartArray();
            foreach (var volume in tracer.VolumeJson)
                writer.WriteRawValue(volume, skipInputValidation: true);
            writer.WriteEndArray();
            patch.EndAdd();
        }
    }

    private readonly record struct TracerStatus(bool Learning, bool Injected, string? SkipReason);
}
