namespace Bifrost.K3s.Tests.Support;

/// <summary>The test classes that share one API server (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterTests : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
