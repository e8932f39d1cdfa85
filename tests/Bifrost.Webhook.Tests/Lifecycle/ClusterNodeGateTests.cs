using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.Kubernetes.Watching;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Tests.Profiles;

namespace Bifrost.Webhook.Tests.Lifecycle;

public sealed class ClusterNodeGateTests
{
    private static readonly RenderedProfile Learning = RenderedProfile.Create("bifrost_shop_deploy_web_app_learn", ProfileMode.Complain, "profile text");

    [Fact]
    public void IsLoaded_FollowsNodeStatesAndTheNodeListAsTheyChange()
    {
        var states = new NodeStateCache();
        var nodes = new LinuxNodeCache();
        var gate = new ClusterNodeGate(states, nodes);
        nodes.Replace([new LinuxNode("node-a"), new LinuxNode("node-b")]);
        states.Replace([
            SampleProfiles.Node("node-a", (Learning.Name, Learning.Hash, NodeProfileState.Loaded)),
            SampleProfiles.Node("node-b", (Learning.Name, Learning.Hash, NodeProfileState.Pending))]);

        Assert.False(gate.IsLoaded(Learning));
        Assert.Contains("node-b", gate.Missing(Learning), StringComparison.Ordinal);

        states.Apply(new WatchChange<BifrostNode>(WatchChangeType.Modified, SampleProfiles.Node("node-b", (Learning.Name, Learning.Hash, NodeProfileState.Loaded)), "2"));
        Assert.True(gate.IsLoaded(Learning));
        Assert.Null(gate.Missing(Learning));

        nodes.Apply(new WatchChange<LinuxNode>(WatchChangeType.Added, new LinuxNode("node-c"), "3"));
        Assert.False(gate.IsLoaded(Learning));
    }
}
