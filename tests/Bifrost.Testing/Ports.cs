using System.Net;
using System.Net.Sockets;

namespace Bifrost.Testing;

/// <summary>TCP ports on 127.0.0.1 for servers a test starts itself.</summary>
public static class Ports
{
    /// <summary>A port free a moment ago: the kernel's choice for a listener that is closed again at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
