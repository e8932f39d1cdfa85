using System.Globalization;

namespace Bifrost.Core.AppArmor;

/// <summary>Linux signal numbers as AppArmor spells them, in profiles (<c>set=</c>) and audit records (<c>signal=</c>).</summary>
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

    /// <summary>The number for a name AppArmor writes (<c>kill</c>, <c>rtmin+3</c>) or a plain number up to <see cref="Max"/>.</summary>
    public static bool TryNumber(string name, out int number)
    {
        number = Array.IndexOf(Classic, name);
        if (number >= 0)
            return true;
        if (name.StartsWith("rtmin+", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan("rtmin+".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= Max - RealTimeMin)
        {
            number = RealTimeMin + offset;
            return true;
        }

        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number <= Max;
    }
}
