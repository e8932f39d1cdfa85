namespace Bifrost.Core.Admission;

/// <summary>What the HTTP layer sends back and what it counts.</summary>
public sealed record AdmissionResult
{
    public required int StatusCode { get; init; }

    /// <summary>For a 4xx: what is wrong with the review.</summary>
    public string? Error { get; init; }

    /// <summary>For a 200: the AdmissionReview answer.</summary>
    public byte[]? Body { get; init; }

    public AdmissionRequest? Request { get; init; }
    public AdmissionDecision? Decision { get; init; }

    /// <summary>A fault caught while deciding; the pod was allowed unchanged.</summary>
    public Exception? Fault { get; init; }
}
