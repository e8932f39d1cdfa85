using Bifrost.Core.AppArmor;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.AppArmor;

public sealed class ProfileNamesTests
{
    [Fact]
    public void Learning_Deployment_IsReadable()
    {
        Assert.Equal("bifrost_shop_deploy_web_app_learn", ProfileNames.Learning(new WorkloadIdentity("shop", "Deployment", "web"), "app"));
    }

    [Fact]
    public void Learning_NamesThatShareDashes_DoNotCollide()
    {
        var a = ProfileNames.Learning(new WorkloadIdentity("a-b", "Deployment", "c"), "d");
        var b = ProfileNames.Learning(new WorkloadIdentity("a", "Deployment", "b-c"), "d");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Learning_VeryLongNames_AreBoundedStableAndDistinct()
    {
        var workload = new WorkloadIdentity(new string('n', 63), "Deployment", new string('w', 253));
        var other = workload with { Name = new string('w', 252) + "x" };

        var name = ProfileNames.Learning(workload, new string('c', 63));

        Assert.True(name.Length <= ProfileNames.MaxLength, $"{name.Length} characters");
        Assert.Equal(name, ProfileNames.Learning(workload, new string('c', 63)));
        Assert.NotEqual(name, ProfileNames.Learning(other, new string('c', 63)));
        Assert.EndsWith("_learn", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Enforce_DifferentProfileText_GetsDifferentNames()
    {
        var workload = new WorkloadIdentity("shop", "Deployment", "web");

        var first = ProfileNames.Enforce(workload, "app", "profile one");
        var second = ProfileNames.Enforce(workload, "app", "profile two");

        Assert.NotEqual(first, second);
        Assert.Equal(first, ProfileNames.Enforce(workload, "app", "profile one"));
        Assert.StartsWith("bifrost_shop_deploy_web_app_", first, StringComparison.Ordinal);
    }
}
