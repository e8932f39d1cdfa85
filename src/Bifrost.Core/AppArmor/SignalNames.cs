namespace Bifrost.Core.AppArmor;

/// <summary>Linux signal numbers as AppArmor's <c>set=</c> spells them.</summary>
public static class SignalNames
{
    private static readonly string[] Classic =
    [
        "exists", "hup", "int", "quit", "ill", "trap", "abrt", "bus", "fpe", "kill", "usr1", "segv", "usr2", "pipe", "alrm",
        "term", "stkflt", "chld", "cont", "stop", "stp", "ttin", "ttou", "urg", "xcpu", "xfsz", "vtalrm", "prof", "winch", "io",
        "pwr", "sys",
    ];

    /// <summary>First real-time signal number on Linux; AppArmor names 32..64 rtmin+0..rtmin+32.</summary>
    public const int RealTimeMin = 32;

    public const int Max = 64;

    /// <summary>The name, or null for a number Linux does not have.</summary>
    public static string? Name(int signal) => signal switch
    {
        >= 0 and < RealTimeMin => Classic[signal],
        >= RealTimeMin and <= Max => $"rtmin+{signal - RealTimeMin}",
        _ => null,
    };
}
