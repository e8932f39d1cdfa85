using System.Text.RegularExpressions;
using Bifrost.K3s.Tests.Support;

namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// No container engine here, so the image is checked by reading it: the Dockerfile publishes exactly what
/// `make publish` publishes (which `make test` runs), and the runtime stage is non-root on the webhook's port.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Dockerfile = File.ReadAllLines(RepositoryPaths.File("Dockerfile"));

    [Fact]
    public void Publish_MatchesTheMakefilePublishTarget()
    {
        var make = MakefilePublish();
        var image = Publish(Assert.Single(Dockerfile, l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal)));

        Assert.Equal(make.Project, image.Project);
        Assert.Equal(make.Configuration, image.Configuration);
        Assert.Equal("src/Bifrost.Webhook", image.Project);
        Assert.Equal("Release", image.Configuration);
    }

    [Fact]
    public void Stages_BuildWithTheSdkAndRunOnAspNet()
    {
        var from = Dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, from.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0", from[0], StringComparison.Ordinal);
        Assert.Equal("FROM mcr.microsoft.com/dotnet/aspnet:10.0", from[1]);
    }

    [Fact]
    public void Runtime_RunsAsNonRootOnPort8443()
    {
        var runtime = Dockerfile.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)).ToList();

        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Split(':')[0];
        Assert.True(user == "app" || (int.TryParse(user, out var uid) && uid > 0), $"USER {user} is root");
        Assert.Contains("EXPOSE 8443", runtime);
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"Bifrost.Webhook.dll\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void DockerIgnore_KeepsKeysAndBuildOutputOutOfTheContext()
    {
        var ignored = File.ReadAllLines(RepositoryPaths.File(".dockerignore"));

        Assert.Contains("certs/out/", ignored);
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    private static (string Project, string Configuration) MakefilePublish()
    {
        var makefile = File.ReadAllLines(RepositoryPaths.File("Makefile"));
        var target = Array.IndexOf(makefile, "publish:");
        Assert.True(target >= 0, "the Makefile has no publish target");
        var recipe = makefile[target + 1].Trim().Replace("$(DOTNET)", "dotnet", StringComparison.Ordinal);
        var configuration = makefile.Select(l => ConfigurationDefault().Match(l)).First(m => m.Success).Groups[1].Value;
        return Publish(recipe.Replace("$(CONFIGURATION)", configuration, StringComparison.Ordinal));
    }

    private static (string Project, string Configuration) Publish(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var at = words.IndexOf("publish");
        var configuration = words.IndexOf("-c");
        Assert.True(at >= 0 && configuration > 0, $"not a dotnet publish with -c: {command}");
        return (words[at + 1], words[configuration + 1]);
    }

    [GeneratedRegex(@"^CONFIGURATION\s*\?=\s*(\S+)")]
    private static partial Regex ConfigurationDefault();
}
