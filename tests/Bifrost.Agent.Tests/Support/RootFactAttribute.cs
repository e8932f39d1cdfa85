using Xunit;

namespace Bifrost.Agent.Tests.Support;

/// <summary>A fact that needs root and /dev/kmsg; skipped with the reason otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
            Skip = "needs root";
        else if (!File.Exists("/dev/kmsg"))
            Skip = "/dev/kmsg is absent";
    }
}
