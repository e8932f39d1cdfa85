namespace Bifrost.Core.AppArmor;

/// <summary>Address families and socket types apparmor_parser 3.0 accepts in <c>network</c> rules.</summary>
public static class NetworkNames
{
    public static IReadOnlySet<string> Families { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "unix", "inet", "ax25", "ipx", "appletalk", "netrom", "bridge", "atmpvc", "x25", "inet6", "rose", "netbeui",
        "security", "key", "netlink", "packet", "ash", "econet", "atmsvc", "rds", "sna", "irda", "pppox", "wanpipe",
        "llc", "ib", "mpls", "can", "tipc", "bluetooth", "iucv", "rxrpc", "isdn", "phonet", "ieee802154", "caif", "alg",
        "nfc", "vsock", "kcm", "qipcrtr", "smc", "xdp", "mctp",
    };

    public static IReadOnlySet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "stream", "dgram", "seqpacket", "rdm", "raw", "packet",
    };
}
