using Xunit;

namespace Bifrost.Agent.Tests.Support;

/// <summary>A fact that compiles profiles with the real apparmor_parser; skipped with the reason when it is missing.</summary>
public sealed class ParserFactAttribute : FactAttribute
{
    public ParserFactAttribute()
    {
        if (Tools.Find("apparmor_parser") is null)
            Skip = "apparmor_parser is not installed (Debian package apparmor)";
    }
}
