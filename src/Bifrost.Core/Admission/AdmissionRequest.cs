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
    public JsonObject? Pod { get; init; }
}
