using Xunit;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>A theory that makes real cgroups: skipped, with the reason, where that cannot run.</summary>
public sealed class CgroupTheoryAttribute : TheoryAttribute
{
    public CgroupTheoryAttribute()
    {
        Skip = CgroupTree.Problem();
    }
}
