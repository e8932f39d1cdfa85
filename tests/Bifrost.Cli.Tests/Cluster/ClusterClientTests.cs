using Bifrost.Cli.Cluster;

namespace Bifrost.Cli.Tests.Cluster;

public sealed class ClusterClientTests
{
    [Fact]
    public void Connect_WithoutKubeconfigOption_UsesTheFirstFileOfKubeconfigThatExists()
    {
        using var api = new StandInApiServer();

        using var client = ClusterClient.Connect(null, null, $"/nonexistent/bifrost/config:{api.Kubeconfig}");

        Assert.Equal((api.Url, "shop"), (client.Server, client.DefaultNamespace));
    }

    [Fact]
    public void Connect_KubeconfigVariableWithNoFile_NamesEveryPathItTried()
    {
        var error = Assert.Throws<ClusterException>(() => ClusterClient.Connect(null, null, "/nonexistent/a:/nonexistent/b"));

        Assert.Equal("no kubeconfig at /nonexistent/a, /nonexistent/b; name one with --kubeconfig or KUBECONFIG", error.Message);
    }

    [Fact]
    public void Connect_MalformedKubeconfig_SaysWhichFile()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "clusters: [unclosed\n");
        try
        {
            var error = Assert.Throws<ClusterException>(() => ClusterClient.Connect(path, null, null));

            Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
