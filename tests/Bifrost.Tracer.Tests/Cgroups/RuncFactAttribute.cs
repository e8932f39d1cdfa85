using Xunit;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>
/// A fact that lets runc make a container's cgroup: skipped, with the reason runc gave, where it cannot run a
/// container (a probe runs <c>true</c> in a throwaway bundle first).
/// </summary>
public sealed class RuncFactAttribute : FactAttribute
{
    public RuncFactAttribute()
    {
        Skip = CgroupTree.Problem() ?? (RuncBundle.Runc is null ? "runc is not on PATH" : Probe());
    }

    private static string? Probe()
    {
        using var tree = new CgroupTree();
        using var bundle = new RuncBundle();
        var problem = bundle.Run($"{tree.Prefix}-probe", $"/{tree.Prefix}/probe", detach: false, "true");
        return problem is null ? null : "runc cannot run a container here: " + problem;
    }
}
