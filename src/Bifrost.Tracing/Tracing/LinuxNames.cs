using System.Collections.Frozen;
using Bifrost.Core.AppArmor;

namespace Bifrost.Tracing.Tracing;

/// <summary>Kernel numbers spelled the way AppArmor rules spell them.</summary>
internal static class LinuxNames
{
    private static readonly FrozenDictionary<uint, string> Families = new Dictionary<uint, string>
    {
        [1] = "unix", [2] = "inet", [3] = "ax25", [4] = "ipx", [5] = "appletalk", [6] = "netrom", [7] = "bridge",
        [8] = "atmpvc", [9] = "x25", [10] = "inet6", [11] = "rose", [13] = "netbeui", [14] = "security", [15] = "key",
        [16] = "netlink", [17] = "packet", [18] = "ash", [19] = "econet", [20] = "atmsvc", [21] = "rds", [22] = "sna",
        [23] = "irda", [24] = "pppox", [25] = "wanpipe", [26] = "llc", [27] = "ib", [28] = "mpls", [29] = "can",
        [30] = "tipc", [31] = "bluetooth", [32] = "iucv", [33] = "rxrpc", [34] = "isdn", [35] = "phonet",
        [36] = "ieee802154", [37] = "caif", [38] = "alg", [39] = "nfc", [40] = "vsock", [41] = "kcm", [42] = "qipcrtr",
        [43] = "smc", [44] = "xdp", [45] = "mctp",
    }.ToFrozenDictionary();

    public static string Capability(uint number) => CapabilityNames.ByNumber(number) ?? $"cap_{number}";

    public static string Family(uint number) => Families.GetValueOrDefault(number, $"family_{number}");

    public static string SocketType(uint number) => (number & 0xf) switch
    {
        1 => "stream",
        2 => "dgram",
        3 => "raw",
        4 => "rdm",
        5 => "seqpacket",
        6 => "dccp",
        10 => "packet",
        var other => $"type_{other}",
    };
}
