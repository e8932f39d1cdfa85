using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>The few libc calls the tracer needs beyond the BCL.</summary>
internal static unsafe partial class Libc
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const uint StatxIno = 0x100;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountNative(string source, string target, string fsType, nuint flags, nint data);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();

    /// <summary>Mounts a pseudo filesystem; returns 0 or the errno.</summary>
    public static int Mount(string source, string target, string fsType) =>
        MountNative(source, target, fsType, 0, nint.Zero) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>
    /// Gives freed native heap back to the kernel. Loading parses the kernel's BTF (megabytes) and frees it, but
    /// glibc keeps the pages unless asked, and they would count in the tracer's RSS for as long as it runs.
    /// </summary>
    public static bool TrimNativeHeap() => MallocTrim(0) != 0;

    /// <summary>The owner of a path without following a final symlink, or null when it cannot be read.</summary>
    public static uint? OwnerOf(string path)
    {
        var buffer = stackalloc byte[256];
        if (StatxNative(AtFdCwd, path, AtSymlinkNoFollow, StatxUid, buffer) != 0)
        {
            return null;
        }
        // struct statx: stx_mask, stx_blksize (u32 each), stx_attributes (u64), stx_nlink, stx_uid (u32 each).
        return *(uint*)(buffer + 20);
    }

    /// <summary>The inode number of a path (for a cgroup v2 directory, its cgroup id), or null.</summary>
    public static ulong? InodeOf(string path)
    {
        var buffer = stackalloc byte[256];
        if (StatxNative(AtFdCwd, path, 0, StatxIno, buffer) != 0)
        {
            return null;
        }
        // stx_ino follows stx_nlink, stx_uid, stx_gid (u32 each), stx_mode and a spare u16.
        return *(ulong*)(buffer + 32);
    }
}
