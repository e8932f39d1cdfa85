using Bifrost.Core.Observations;

namespace Bifrost.Core.AppArmor;

/// <summary>The AppArmor permissions an observed access needs; shared by the generator and the checker so they agree.</summary>
public static class AccessRequirements
{
    public static FilePermissions ForFile(AccessMask access)
    {
        var required = FilePermissions.None;
        if (access.HasFlag(AccessMask.Read)) required |= FilePermissions.Read;
        if ((access & (AccessMask.Write | AccessMask.Create | AccessMask.Delete)) != 0) required |= FilePermissions.Write;
        if (access.HasFlag(AccessMask.Append)) required |= FilePermissions.Append;
        if (access.HasFlag(AccessMask.Exec)) required |= FilePermissions.Exec;
        if (access.HasFlag(AccessMask.MmapExec)) required |= FilePermissions.Mmap;
        if (access.HasFlag(AccessMask.Link)) required |= FilePermissions.Link;
        if (access.HasFlag(AccessMask.Lock)) required |= FilePermissions.Lock;
        return required;
    }

    /// <summary>Executing a program needs an exec mode; a script is also read by its interpreter.</summary>
    public static FilePermissions ForExecutedPath(ExecObservation exec) =>
        exec.Interpreter is null ? FilePermissions.Exec : FilePermissions.Exec | FilePermissions.Read;

    /// <summary>Connecting to or binding a filesystem socket is mediated as a write to its path.</summary>
    public static FilePermissions ForUnixSocketPath => FilePermissions.Write;

    /// <summary>Whether a unix address names a file rather than an abstract (<c>@…</c>) or unnamed socket.</summary>
    public static bool IsFilesystemSocket(string? unixPath) => unixPath is not null && unixPath.StartsWith('/');

    /// <summary>Mount targets are directories; AppArmor matches them with a trailing '/'.</summary>
    public static string MountTarget(string target) => target.EndsWith('/') ? target : target + "/";
}
