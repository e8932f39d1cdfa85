using System.Net.Sockets;
using System.Text;

namespace Bifrost.K3s.Tests.Support;

/// <summary>Whether a Docker engine answers on its socket: asked once per run, with short timeouts.</summary>
internal static class DockerEngine
{
    public const string SocketPath = "/var/run/docker.sock";

    private static readonly Lazy<bool> Probe = new(Ping);

    public static bool Answers => Probe.Value;

    private static bool Ping()
    {
        if (!File.Exists(SocketPath))
            return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.ReceiveTimeout = 2000;
            socket.SendTimeout = 2000;
            socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
            socket.Send("GET /_ping HTTP/1.0\r\n\r\n"u8);
            var buffer = new byte[512];
            var answer = Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer));
            return answer.StartsWith("HTTP/1.", StringComparison.Ordinal) && answer.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
