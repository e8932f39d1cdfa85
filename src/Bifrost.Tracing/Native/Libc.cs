using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>The few libc calls the tracer needs beyond the BCL.</summary>
internal static unsafe partial class Libc
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const uint StatxIno = 0x100;
    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;
    private const int EpollCtlAdd = 1;
    private const uint EpollIn = 0x1;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountNative(string source, string target, string fsType, nuint flags, nint data);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWaitNative(int epfd, EpollEvent* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFdNative(uint initval, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();

    // struct epoll_event is packed on x86_64: 12 bytes.
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    /// <summary>A new epoll instance watching <paramref name="fds"/> for input; returns its fd, or -errno.</summary>
    public static int EpollWatching(params ReadOnlySpan<int> fds)
    {
        var epoll = EpollCreate1(CloseOnExec);
        if (epoll < 0)
        {
            return -Marshal.GetLastPInvokeError();
        }
        foreach (var fd in fds)
        {
            var ev = new EpollEvent { Events = EpollIn, Data = (ulong)fd };
            if (EpollCtl(epoll, EpollCtlAdd, fd, &ev) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                _ = Close(epoll);
                return -errno;
            }
        }
        return epoll;
    }

    /// <summary>Waits for any watched fd to have input: the number ready (0 on timeout), or -errno.</summary>
    public static int EpollWait(int epoll, int timeoutMs)
    {
        var events = stackalloc EpollEvent[4];
        var n = EpollWaitNative(epoll, events, 4, timeoutMs);
        return n >= 0 ? n : -Marshal.GetLastPInvokeError();
    }

    /// <summary>A new non-blocking eventfd; returns its fd, or -errno.</summary>
    public static int EventFd()
    {
        var fd = EventFdNative(0, CloseOnExec | NonBlocking);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary>Makes an eventfd readable (adds one to its counter).</summary>
    public static void Signal(int eventFd)
    {
        ulong one = 1;
        _ = Write(eventFd, &one, sizeof(ulong));
    }

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
