using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Restarts;

/// <summary>The opt-in to a rolling restart once a workload enforces, and the mark the restart leaves.</summary>
internal static class RestartOptIn
{
    /// <summary><c>"true"</c> on the workload (Deployment, StatefulSet, DaemonSet) or on its BifrostProfile.</summary>
    public const string Annotation = "bifrost.io/restart-on-enforce";

    /// <summary>Set on the pod template; a changed template is what makes the controller replace the pods.</summary>
    public const string RestartedAtAnnotation = "bifrost.io/restartedAt";

    /// <summary>Whether the BifrostProfile asks for it: <c>spec.restartOnEnforce</c> or the annotation on the profile.</summary>
    public static bool ByProfile(BifrostProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Spec.RestartOnEnforce || IsSet(profile.Metadata.Annotations);
    }

    public static bool IsSet(IEnumerable<KeyValuePair<string, string>>? annotations) =>
        annotations?.Any(a => a.Key == Annotation && string.Equals(a.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase)) == true;
}
