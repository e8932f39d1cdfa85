namespace Bifrost.Core.AppArmor;

/// <summary><c>mount [fstype=…] [SOURCE] [-> TARGET],</c>; missing parts match anything. Mount options are not modelled.</summary>
public sealed record MountRule : ProfileRule
{
    public IReadOnlyList<string> FsTypes { get; init; } = [];

    public string? Source { get; init; }

    public string? Target { get; init; }
}
