using Bifrost.Core.Profiles;

namespace Bifrost.Agent.Tests.Support;

internal static class Workloads
{
    public static BifrostProfile Profile(string ns, string name, params RenderedProfile[] profiles) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", name) },
        Status = new BifrostProfileStatus { Containers = [new ContainerProfileStatus { Name = "app", Profiles = profiles }] },
    };
}
