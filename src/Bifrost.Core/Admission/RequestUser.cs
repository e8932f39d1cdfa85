namespace Bifrost.Core.Admission;

/// <summary>Who asked for the pod (<c>request.userInfo</c>): for a Deployment's pods that is the ReplicaSet controller, not the person.</summary>
public sealed record RequestUser
{
    public static RequestUser Unknown { get; } = new() { Username = "" };

    public required string Username { get; init; }
    public string? Uid { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Extra attributes the authenticator added (scopes, credential ids); a SubjectAccessReview must carry them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>A kubelet, the only creator of mirror pods.</summary>
    public bool IsNode => Username.StartsWith("system:node:", StringComparison.Ordinal) && Groups.Contains("system:nodes");
}
