namespace Bifrost.Core.Profiles;

/// <summary>The newest report applied from one pod, so a resend changes nothing.</summary>
public sealed record AppliedReport(string Pod, long Sequence);
