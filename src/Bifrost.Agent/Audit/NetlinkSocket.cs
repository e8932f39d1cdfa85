using System.Runtime.InteropServices;

namespace Bifrost.Agent.Audit;

/// <summary>An AF_NETLINK/NETLINK_AUDIT socket; closes its descriptor once.</summary>
internal sealed class NetlinkSocket : SafeHandle
{
    public NetlinkSocket()
        : base(-1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle < 0;

    public int Fd => (int)handle;

    /// <summary>Opens a socket bound to <paramref name="groups"/> (0 for a unicast socket to talk to the kernel); the errno on failure.</summary>
    public static unsafe NetlinkSocket Open(uint groups, out int errno)
    {
        var socket = new NetlinkSocket();
        errno = 0;
        var fd = Native.Socket(Native.AfNetlink, Native.SockRaw | Native.SockCloexec, Native.NetlinkAudit);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return socket;
        }

        socket.SetHandle(fd);
        var address = new Native.SockaddrNl { Family = Native.AfNetlink, Groups = groups };
        if (Native.Bind(fd, &address, sizeof(Native.SockaddrNl)) < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            socket.Dispose();
            return socket;
        }

        // A receive timeout lets the reading thread notice cancellation; a large buffer rides out bursts.
        var timeout = new Native.Timeval { Seconds = 1 };
        _ = Native.SetSockOpt(fd, Native.SolSocket, Native.SoRcvtimeo, &timeout, sizeof(Native.Timeval));
        var size = 4 * 1024 * 1024;
        _ = Native.SetSockOpt(fd, Native.SolSocket, Native.SoRcvbuf, &size, sizeof(int));
        return socket;
    }

    protected override bool ReleaseHandle() => Native.Close((int)handle) == 0;
}
