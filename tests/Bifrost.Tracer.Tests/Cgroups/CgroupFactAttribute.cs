using Xunit;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>A fact that makes real cgroups: skipped, with the reason, where that cannot run.</summary>
public sealed class CgroupFactAttribute : FactAttribute
{
    public CgroupFactAttribute()
    {
        Skip = CgroupTree.Problem();
    }
}
