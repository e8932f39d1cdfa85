using System.Text.Json.Nodes;

namespace Bifrost.Core.Admission;

/// <summary>The answer for one pod: allowed, with a patch where Bifrost changes it, unless a refused opt-out denies it.</summary>
public sealed record AdmissionDecision
{
    public required AdmissionOutcome Outcome { get; init; }

    /// <summary>A <see cref="SkipReason"/> when skipped, or why the tracer was left out for <see cref="AdmissionOutcome.ProfileOnly"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>RFC 6902 operations, or null when the pod is left unchanged.</summary>
    /// <remarks>The mutator writes the operations as JSON (<see cref="PatchJson"/>); they are read into nodes only when asked for.</remarks>
    public JsonArray? Patch
    {
        get => field ??= patchJson is { } json ? JsonNode.Parse(json)!.AsArray() : null;
        init
        {
            field = value;
            patchJson = null;
        }
    }

    /// <summary>The operations as UTF-8 JSON, as the mutator wrote them; null when <see cref="Patch"/> was given as nodes.</summary>
    internal byte[]? PatchJson
    {
        get => patchJson;
        init => patchJson = value;
    }

    private readonly byte[]? patchJson;

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For <see cref="AdmissionOutcome.Denied"/>: the message the pod's creator sees.</summary>
    public string? Denial { get; init; }

    /// <summary>The workload the pod belongs to, when Bifrost got as far as finding it.</summary>
    public Workloads.WorkloadIdentity? Workload { get; init; }

    public static AdmissionDecision Skip(string reason, params string[] warnings) =>
        new() { Outcome = AdmissionOutcome.Skipped, Reason = reason, Warnings = warnings };
}
