using Xunit;

namespace Bifrost.Agent.Tests.Support;

/// <summary>A theory that compiles profiles with the real apparmor_parser; skipped with the reason when it is missing.</summary>
public sealed class ParserTheoryAttribute : TheoryAttribute
{
    public ParserTheoryAttribute()
    {
        if (Tools.Find("apparmor_parser") is null)
            Skip = "apparmor_parser is not installed (Debian package apparmor)";
    }
}
