namespace Bifrost.Webhook.Profiles;

/// <summary>A node that runs Linux pods, so one whose agent must load a profile before the profile enforces.</summary>
internal sealed record LinuxNode(string Name);
