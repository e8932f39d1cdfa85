namespace Bifrost.Webhook.Profiles;

/// <summary>Another writer changed the profile since it was read (or created it first).</summary>
internal sealed class ProfileConflictException(string @namespace, string name, string detail)
    : Exception($"BifrostProfile {@namespace}/{name}: {detail}")
{
    public string Namespace { get; } = @namespace;
    public string Name { get; } = name;
}
