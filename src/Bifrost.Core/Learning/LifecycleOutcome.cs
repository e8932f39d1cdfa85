namespace Bifrost.Core.Learning;

/// <summary>Where a lifecycle step left a workload: its phase, why in one CamelCase word, and why in words.</summary>
public sealed record LifecycleOutcome(ProfilePhase Phase, string Reason, string? Message);
