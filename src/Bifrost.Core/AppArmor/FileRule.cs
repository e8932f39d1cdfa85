namespace Bifrost.Core.AppArmor;

/// <summary>A file rule: an AARE path pattern with permissions and at most one exec mode (<c>ix</c>, <c>px</c>, …).</summary>
public sealed record FileRule : ProfileRule
{
    /// <summary>The path pattern in AARE syntax, escaped, without quotes.</summary>
    public required string Path { get; init; }

    public required FilePermissions Permissions { get; init; }

    /// <summary>The exec mode when <see cref="Permissions"/> has <see cref="FilePermissions.Exec"/>: ix, px, Px, cx, ux, pix, ….</summary>
    public string? ExecMode { get; init; }

    /// <summary>Only when the task's fsuid owns the file.</summary>
    public bool Owner { get; init; }
}
