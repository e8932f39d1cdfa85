using Xunit;

namespace Bifrost.Agent.Tests.Support;

/// <summary>A fact that loads profiles into the real kernel: needs AppArmor enabled, root, and the parser.</summary>
public sealed class AppArmorFactAttribute : FactAttribute
{
    public AppArmorFactAttribute()
    {
        if (!File.Exists("/sys/kernel/security/apparmor/profiles"))
            Skip = "this kernel has no AppArmor (/sys/kernel/security/apparmor/profiles is absent)";
        else if (Environment.UserName != "root")
            Skip = "loading profiles into the kernel needs root";
        else if (Tools.Find("apparmor_parser") is null)
            Skip = "apparmor_parser is not installed (Debian package apparmor)";
    }
}
