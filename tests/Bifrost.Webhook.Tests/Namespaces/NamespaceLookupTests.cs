using Bifrost.Kubernetes.Watching;
using Bifrost.Webhook.Namespaces;
using Microsoft.Extensions.Configuration;
using static Bifrost.Webhook.Tests.Namespaces.ScriptedNamespaceSource;

namespace Bifrost.Webhook.Tests.Namespaces;

public sealed class NamespaceLookupTests
{
    [Fact]
    public void StaticLookup_LabelsFromConfiguration_KeepKeysWithDotsAndSlashes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bifrost:Namespaces:team-a:Labels:bifrost.io/protect"] = "enabled",
            ["Bifrost:Namespaces:team-a:Labels:pod-security.kubernetes.io/enforce"] = "baseline",
            ["Bifrost:Namespaces:team-b:Labels:owner"] = "payments",
        }).Build();

        var lookup = new StaticNamespaceLookup(configuration);

        Assert.Equal("enabled", lookup.Find("team-a")!.Labels["bifrost.io/protect"]);
        Assert.Equal("baseline", lookup.Find("team-a")!.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("payments", lookup.Find("team-b")!.Labels["owner"]);
        Assert.Null(lookup.Find("unknown"));
        Assert.Equal(2, lookup.Count);
    }

    [Fact]
    public void Cache_Replace_DropsNamespacesMissingFromTheNewList()
    {
        var cache = new NamespaceCache();
        cache.Replace([Namespace("a"), Namespace("b")]);

        cache.Replace([Namespace("b", ("k", "v")), Namespace("c")]);

        Assert.Null(cache.Find("a"));
        Assert.Equal("v", cache.Find("b")!.Labels["k"]);
        Assert.NotNull(cache.Find("c"));
        Assert.True(cache.IsSynced);
    }

    [Fact]
    public void Cache_DeleteOfUnknownNamespace_ChangesNothing()
    {
        var cache = new NamespaceCache();
        cache.Replace([Namespace("a")]);

        cache.Apply(Event(WatchChangeType.Deleted, Namespace("never-seen"), "3"));

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void KubernetesSource_NamespaceWithoutLabels_BecomesAnEmptyLabelMap()
    {
        var info = KubernetesNamespaceSource.ToInfo(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = "bare" } });

        Assert.Equal("bare", info.Name);
        Assert.Empty(info.Labels);
    }
}
