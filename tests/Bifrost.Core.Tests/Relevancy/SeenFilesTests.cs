using Bifrost.Core.Observations;
using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class SeenFilesTests
{
    private const string Profile = """
        {
          "apiVersion": "bifrost.io/v1alpha1", "kind": "BifrostProfile",
          "metadata": {"name": "deployment-web", "namespace": "shop"},
          "spec": {"workload": {"kind": "Deployment", "name": "web"}},
          "status": {
            "phase": "PHASE", "learningSince": "2026-12-01T08:00:00Z", "phaseSince": "2026-12-02T08:00:00Z",
            "containers": [
              {"name": "web", "pods": 3, "droppedEvents": DROPPED, "observed": [
                {"kind": "exec", "container": "web", "path": "/usr/sbin/nginx"},
                {"kind": "file", "container": "web", "path": "/usr/lib/x86_64-linux-gnu/libssl.so.3", "access": "Read, MmapExec"},
                {"kind": "file", "container": "web", "path": "/etc/nginx/nginx.conf", "access": "Read"}]},
              {"name": "sidecar", "observed": [{"kind": "exec", "container": "sidecar", "path": "/bin/envoy"}]}
            ]
          }
        }
        """;

    [Fact]
    public void Parse_PathList_SkipsCommentsAndBlankLines()
    {
        var seen = SeenFiles.Parse("# nginx\n/usr/sbin/nginx\n\n/lib/x86_64-linux-gnu/libc.so.6\n");

        Assert.Equal(["/usr/sbin/nginx", "/lib/x86_64-linux-gnu/libc.so.6"], seen.Files.Select(f => f.Path));
        Assert.Empty(seen.Problems);
    }

    [Fact]
    public void Parse_PathListWithRelativePath_NamesTheLine()
    {
        var error = Assert.Throws<FormatException>(() => SeenFiles.Parse("/bin/sh\nusr/bin/env\n"));

        Assert.StartsWith("line 2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Observations_MarksExecutedAndMappedFiles()
    {
        var json = ObservationJson.Serialize([
            new ExecObservation { Container = "local", Path = "/usr/bin/python3.11", Interpreter = null },
            new FileObservation { Container = "local", Path = "/usr/lib/python3.11/json/__init__.py", Access = AccessMask.Read },
            new FileObservation { Container = "local", Path = "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13", Access = AccessMask.Read | AccessMask.MmapExec },
            new SocketObservation { Container = "local", Family = "inet", Type = "stream" },
        ]);

        var seen = SeenFiles.Parse(json);

        Assert.Equal([true, false, true], seen.Files.Select(f => f.Executed));
    }

    [Fact]
    public void Parse_StableProfile_GivesTheWindowAndNoProblems()
    {
        var seen = SeenFiles.Parse(Profile.Replace("PHASE", "Stable", StringComparison.Ordinal).Replace("DROPPED", "0", StringComparison.Ordinal), "web");

        Assert.Empty(seen.Problems);
        Assert.Equal(3, seen.Files.Count);
        Assert.Equal("from 2026-12-01T08:00:00Z to 2026-12-02T08:00:00Z over 3 pods", seen.Window.Describe());
    }

    [Theory]
    [InlineData("Learning", "0", "still learning")]
    [InlineData("Relearning", "0", "still learning")]
    [InlineData("Enforcing", "12", "dropped 12 events")]
    public void Parse_IncompleteProfile_SaysWhy(string phase, string dropped, string expected)
    {
        var seen = SeenFiles.Parse(Profile.Replace("PHASE", phase, StringComparison.Ordinal).Replace("DROPPED", dropped, StringComparison.Ordinal));

        Assert.Contains(seen.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ProfileWithoutTheContainer_ListsItsContainers()
    {
        var error = Assert.Throws<FormatException>(() => SeenFiles.Parse(Profile.Replace("PHASE", "Stable", StringComparison.Ordinal).Replace("DROPPED", "0", StringComparison.Ordinal), "db"));

        Assert.Contains("web, sidecar", error.Message, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Parse_KubescapeContainerProfile_ReadsExecsAndOpens()
    {
        var seen = SeenFiles.Parse(Fixtures.Shared("nginx-ap.json"));

        Assert.Equal(1 + 28, seen.Files.Count);
        Assert.Equal(new SeenFile("/usr/sbin/nginx", true), seen.Files[0]);
        Assert.Empty(seen.Problems);
        Assert.False(seen.Window.IsKnown);
    }
}
