using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bifrost.Core.Admission;

/// <summary>The parts of an AdmissionReview request that Bifrost decides on.</summary>
public sealed record AdmissionRequest
{
    public required string Uid { get; init; }
    public required string Operation { get; init; }

    /// <summary>The namespace from <c>request.namespace</c>: controller-made pods may carry none in the object.</summary>
    public required string Namespace { get; init; }

    public required string Resource { get; init; }
    public string? SubResource { get; init; }
    public string? Kind { get; init; }
    public bool DryRun { get; init; }

    /// <summary>The requesting user from <c>request.userInfo</c>.</summary>
    public RequestUser User { get; init; } = RequestUser.Unknown;

    /// <summary>The pod as the API server sent it, untyped, so fields Bifrost does not know survive.</summary>
    public JsonObject? Pod
    {
        get;
        init
        {
            field = value;
            podElement = null;
        }
    }

    /// <summary>
    /// The same pod as parsed from the review, which the mutator reads without building nodes; set after
    /// <see cref="Pod"/>, and forgotten when a copy is given another pod.
    /// </summary>
    internal JsonElement? PodElement
    {
        get => podElement;
        init => podElement = value;
    }

    private readonly JsonElement? podElement;

    /// <summary>The pod to decide on, read from the review's bytes when it came from one.</summary>
    internal JsonElement? PodJson => podElement ?? (Pod is { } pod ? JsonText.ToElement(pod) : null);
}
