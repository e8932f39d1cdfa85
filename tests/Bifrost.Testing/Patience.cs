using System.Globalization;

namespace Bifrost.Testing;

/// <summary>
/// How long a test waits for another process to get somewhere: each limit is multiplied by
/// <c>BIFROST_TEST_PATIENCE</c> (a factor, 1 when unset), which the kernel VM tier sets because software emulation
/// runs everything several times slower. A limit on waiting, never a performance threshold.
/// </summary>
public static class Patience
{
    public const string Variable = "BIFROST_TEST_PATIENCE";

    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1
            ? factor
            : 1;

    public static TimeSpan Of(TimeSpan limit) => limit * Factor;
}
