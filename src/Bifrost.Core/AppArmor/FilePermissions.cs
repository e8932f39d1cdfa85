namespace Bifrost.Core.AppArmor;

/// <summary>
/// AppArmor file permissions as the checker reasons about them. <see cref="Exec"/> stands for any exec mode;
/// the mode itself (ix, px, …) lives on the rule.
/// </summary>
[Flags]
public enum FilePermissions
{
    None = 0,
    Read = 1 << 0,
    Write = 1 << 1,
    Append = 1 << 2,
    Link = 1 << 3,
    Lock = 1 << 4,
    Mmap = 1 << 5,
    Exec = 1 << 6,
}
