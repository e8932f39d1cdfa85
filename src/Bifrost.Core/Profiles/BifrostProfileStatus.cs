using System.Text.Json.Serialization;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Profiles;

/// <summary>Written only by the controller, with optimistic concurrency.</summary>
public sealed record BifrostProfileStatus
{
    /// <summary>The <c>metadata.generation</c> the controller last evaluated: older than the object's while a spec change is pending.</summary>
    public long? ObservedGeneration { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<ProfilePhase>))]
    public ProfilePhase Phase { get; init; } = ProfilePhase.Learning;

    public DateTimeOffset? LearningSince { get; init; }
    public DateTimeOffset? PhaseSince { get; init; }

    /// <summary>Why the workload is in its phase, in words (what the stability check is waiting for, what was denied).</summary>
    public string? Message { get; init; }

    /// <summary>When a container first reported an image its rules were not learned from: the lifecycle starts Relearning.</summary>
    public DateTimeOffset? ImageChangedAt { get; init; }

    /// <summary>The change, in words (<c>app: nginx:1.25 -> nginx:1.27</c>).</summary>
    public string? ImageChange { get; init; }

    /// <summary>The <see cref="BifrostProfileSpec.RelearnRequestedAt"/> the controller last acted on.</summary>
    public string? RelearnHandled { get; init; }

    /// <summary>When a node agent last reported accesses an enforce profile denied: the lifecycle rolls an enforcing workload back.</summary>
    public DateTimeOffset? DeniedAt { get; init; }

    /// <summary>Denials reported by node agents, all told, and one of the latest, in words.</summary>
    public long Denials { get; init; }
    public string? LastDenial { get; init; }

    /// <summary>
    /// While Stable or Enforcing: a short hash over every container's enforce profile, what
    /// <c>spec.enforcement.approvedRevision</c> approves under manual enforcement (<see cref="Learning.EnforcementApproval"/>).
    /// </summary>
    public string? Revision { get; init; }

    /// <summary>Rules over all containers, and the latest new rule over all containers: the printer columns.</summary>
    public int Rules { get; init; }
    public DateTimeOffset? LastNewRuleAt { get; init; }

    public IReadOnlyList<ContainerProfileStatus> Containers { get; init; } = [];

    /// <summary>
    /// Packages whose code the containers used, and packages their images hold, over each container's newest image
    /// that a node agent has read (<see cref="ContainerProfileStatus.Packages"/>): the printer columns. Null until read.
    /// </summary>
    public int? PackagesInUse { get; init; }
    public int? PackagesInstalled { get; init; }

    /// <summary>
    /// Standard conditions (<see cref="ProfileCondition.Learning"/>, <see cref="ProfileCondition.Stable"/>,
    /// <see cref="ProfileCondition.Enforcing"/>, <see cref="ProfileCondition.Degraded"/>), set by the controller from the
    /// phase, and <see cref="ProfileCondition.TracerUnavailable"/>, set from tracer reports.
    /// </summary>
    public IReadOnlyList<ProfileCondition> Conditions { get; init; } = [];

    /// <summary>The newest report applied per pod (the most recent pods only, bounded).</summary>
    public IReadOnlyList<AppliedReport> AppliedReports { get; init; } = [];
}

/// <summary>What was learned for one container, and the profiles node agents must load for it.</summary>
public sealed record ContainerProfileStatus : IJsonOnDeserialized
{
    private IReadOnlyList<Observation> observed = [];
    private string? observedGzip;

    public required string Name { get; init; }

    /// <summary>Number of generalised rules in the learned profile.</summary>
    public int Rules { get; init; }

    public DateTimeOffset? LastNewRuleAt { get; init; }
    public int Pods { get; init; }

    /// <summary>The pods counted in <see cref="Pods"/> most recently (bounded), so a pod is counted once.</summary>
    public IReadOnlyList<string> RecentPods { get; init; } = [];

    /// <summary>Reports merged that brought something new; one that only repeats what is known is not written.</summary>
    public long Reports { get; init; }

    /// <summary>
    /// The images the rules were learned from, oldest first (bounded). A pod whose image is not among them learns, even
    /// while the workload enforces.
    /// </summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>
    /// A tracer attached while this container was already running (a restarted tracer, or one started after the app):
    /// what the container did before that was not seen, so its profile may lack start-up accesses.
    /// </summary>
    public bool StartMissed { get; init; }

    /// <summary>Events the tracers reported as dropped: learning went on past them (see the stability policy).</summary>
    public long DroppedEvents { get; init; }

    /// <summary>The generalised observations: what the profiles are rendered from.</summary>
    public IReadOnlyList<Observation> Observed { get => observed; init => observed = value; }

    /// <summary>
    /// <see cref="Observed"/> as gzip+base64 JSON, written only when the object would exceed its size budget
    /// (<see cref="ProfileSize"/>); reading the object restores <see cref="Observed"/> and clears this.
    /// </summary>
    public string? ObservedGzip { get => observedGzip; init => observedGzip = value; }

    /// <summary>
    /// Per image digest (bounded, newest last): the packages of the image whose code this container used, as a node
    /// agent read them from the image's package database and matched them against <see cref="Observed"/>.
    /// </summary>
    public IReadOnlyList<ImagePackages> Packages { get; init; } = [];

    /// <summary>Every profile node agents must have loaded for this container: the learning one and each enforce version in use.</summary>
    public IReadOnlyList<RenderedProfile> Profiles { get; init; } = [];

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (observedGzip is null)
            return;
        observed = ProfileSize.UnpackObservations(observedGzip);
        observedGzip = null;
    }
}

/// <summary>A profile as node agents load it. Names are unique per text: an enforce name carries the text's hash.</summary>
public sealed record RenderedProfile : IJsonOnDeserialized
{
    private string text = "";
    private string? textGzip;

    public static RenderedProfile Create(string name, ProfileMode mode, string text) => new()
    {
        Name = name,
        Mode = mode,
        Hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))),
        Text = text,
    };

    public required string Name { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<ProfileMode>))]
    public required ProfileMode Mode { get; init; }

    /// <summary>SHA-256 of <see cref="Text"/>, lowercase hex.</summary>
    public required string Hash { get; init; }

    public required string Text { get => text; init => text = value; }

    /// <summary>
    /// <see cref="Text"/> as gzip+base64, written (with an empty text) only when the object would exceed its size
    /// budget (<see cref="ProfileSize"/>); reading the object restores <see cref="Text"/> and clears this.
    /// </summary>
    public string? TextGzip { get => textGzip; init => textGzip = value; }

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (textGzip is null)
            return;
        text = ProfileSize.UnpackText(textGzip);
        textGzip = null;
    }
}

