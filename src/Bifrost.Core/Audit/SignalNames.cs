using System.Globalization;

namespace Bifrost.Core.Audit;

/// <summary>Signal numbers for the names AppArmor writes in <c>signal=</c> (Linux x86-64/arm64 numbering).</summary>
internal static class SignalNames
{
    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["exists"] = 0,
        ["hup"] = 1,
        ["int"] = 2,
        ["quit"] = 3,
        ["ill"] = 4,
        ["trap"] = 5,
        ["abrt"] = 6,
        ["bus"] = 7,
        ["fpe"] = 8,
        ["kill"] = 9,
        ["usr1"] = 10,
        ["segv"] = 11,
        ["usr2"] = 12,
        ["pipe"] = 13,
        ["alrm"] = 14,
        ["term"] = 15,
        ["stkflt"] = 16,
        ["chld"] = 17,
        ["cont"] = 18,
        ["stop"] = 19,
        ["stp"] = 20,
        ["ttin"] = 21,
        ["ttou"] = 22,
        ["urg"] = 23,
        ["xcpu"] = 24,
        ["xfsz"] = 25,
        ["vtalrm"] = 26,
        ["prof"] = 27,
        ["winch"] = 28,
        ["io"] = 29,
        ["pwr"] = 30,
        ["sys"] = 31,
    };

    public static bool TryNumber(string name, out int number)
    {
        if (Numbers.TryGetValue(name, out number))
            return true;
        if (name.StartsWith("rtmin+", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan("rtmin+".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= 32)
        {
            number = 32 + offset;
            return true;
        }

        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number <= 64;
    }
}
