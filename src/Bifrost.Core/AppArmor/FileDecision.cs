namespace Bifrost.Core.AppArmor;

/// <summary>What a profile's file rules say about one path: what allow rules grant, what deny rules take away.</summary>
public readonly record struct FileDecision(FilePermissions Allowed, FilePermissions Denied, IReadOnlyList<string> ExecModes)
{
    public FilePermissions Effective => Allowed & ~Denied;

    /// <summary>The permissions in <paramref name="required"/> the profile does not grant.</summary>
    public FilePermissions Missing(FilePermissions required) => required & ~Effective;
}
