using Bifrost.Core.Admission;
using Bifrost.Core.Workloads;
using Bifrost.K3s.Tests.Support;
using k8s.Models;

namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// No container engine here, so the images are checked by reading the Dockerfile against what runs them: each image
/// the manifests name has a target, the target publishes that project the way `make publish` does, installs what the
/// program needs at run time, and starts the assembly as the user and on the port the manifests expect.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly DockerfileModel Dockerfile = DockerfileModel.Repository;

    [Fact]
    public void Dockerfile_HasOneTargetPerImage_WithTheWebhookAsDefault()
    {
        foreach (var image in ImageTarget.All)
            Assert.True(Dockerfile.HasStage(image.Target), $"no stage '{image.Target}' for {image.Repository}");
        Assert.Equal("webhook", Dockerfile.Default.Name);
    }

    [Fact]
    public void ManifestImages_EachHaveATarget()
    {
        var webhook = ManifestFiles.Named<V1Deployment>(ManifestFiles.Base, "bifrost-webhook").Spec.Template.Spec.Containers.Single().Image;
        var agent = ManifestFiles.Named<V1DaemonSet>(ManifestFiles.Base, "bifrost-agent").Spec.Template.Spec.Containers.Single().Image;
        var tracerSetting = ConfigMapLiteral("Bifrost__Admission__Tracer__Image");
        var tracerDefault = new TracerOptions().Image;

        string[] images = [webhook, agent, tracerSetting, tracerDefault];

        Assert.Equal(
            ImageTarget.All.Select(t => t.Repository).Order(),
            images.Select(Repository).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(ImageTarget.Targets), MemberType = typeof(ImageTarget))]
    public void Target_RunsTheAssemblyItsBuildStagePublishes(string target)
    {
        var image = ImageTarget.Named(target);
        var runtime = Dockerfile.Stage(target);

        var copy = Assert.Single(runtime.All("COPY"), c => c.Option("from") is not null);
        Assert.Equal(["/app", "./"], copy.Operands());
        Assert.Equal("/app", runtime.Last("WORKDIR")?.Arguments);
        var publish = PublishCommand.Parse(Assert.Single(Dockerfile.Stage(copy.Option("from")!).Publishes()));
        Assert.Equal(image.ProjectDirectory, publish.Project);
        Assert.Equal("/app", publish.Output);

        var entrypoint = runtime.Last("ENTRYPOINT")?.ExecForm();
        Assert.Equal(["dotnet", $"{ProjectFile.AssemblyName(image.Project)}.dll"], entrypoint);
    }

    [Theory]
    [MemberData(nameof(ImageTarget.Targets), MemberType = typeof(ImageTarget))]
    public void Publish_UsesTheConfigurationAndProjectOfMakePublish(string target)
    {
        var image = ImageTarget.Named(target);
        var publish = Dockerfile.Needed(target).Select(Dockerfile.Stage).SelectMany(s => s.Publishes()).Select(PublishCommand.Parse).Single();
        var make = PublishCommand.FromMakefile();

        Assert.Equal(PublishCommand.MakefileConfiguration, publish.Configuration);
        Assert.Equal("Release", publish.Configuration);
        Assert.Contains("--no-restore", publish.Words);
        if (make.SingleOrDefault(m => m.Project == image.ProjectDirectory) is { } same)
            Assert.Equal(same.Configuration, publish.Configuration);
    }

    [Fact]
    public void MakePublish_PublishesTheWebhookImagesProject()
    {
        var webhook = PublishCommand.Parse(Assert.Single(Dockerfile.Stage("build-webhook").Publishes()));

        var make = Assert.Single(PublishCommand.FromMakefile(), m => m.Project == webhook.Project);

        Assert.Equal(webhook.Configuration, make.Configuration);
    }

    [Theory]
    [MemberData(nameof(ImageTarget.Targets), MemberType = typeof(ImageTarget))]
    public void RuntimeStage_InstallsExactlyWhatItsProgramNeeds(string target)
    {
        var runtime = Dockerfile.Stage(target);

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", runtime.From);
        Assert.Equal(ImageTarget.Named(target).RuntimePackages.Order(), runtime.AptPackages().Order());
    }

    [Theory]
    [MemberData(nameof(ImageTarget.Targets), MemberType = typeof(ImageTarget))]
    public void BuildStages_InstallWhatTheProjectCompilesWith(string target)
    {
        var needed = Dockerfile.Needed(target).Select(Dockerfile.Stage).Where(s => s.Name != target).ToList();

        var packages = needed.SelectMany(s => s.AptPackages()).ToHashSet();

        Assert.Superset(ImageTarget.Named(target).BuildPackages.ToHashSet(), packages);
        Assert.Contains(needed, s => s.From.StartsWith("mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryAptInstall_SkipsRecommendsAndDropsTheLists()
    {
        var runs = Dockerfile.Stages.SelectMany(s => s.All("RUN")).Where(r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(runs);
        Assert.All(runs, r =>
        {
            Assert.Contains("apt-get update", r.Arguments, StringComparison.Ordinal);
            Assert.Contains("--no-install-recommends", r.Arguments, StringComparison.Ordinal);
            Assert.Contains("rm -rf /var/lib/apt/lists/*", r.Arguments, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void TracerBuild_GivesTheProjectVmlinuxWhereItLooksAndNeedsNoBpftool()
    {
        var project = File.ReadAllText(Bifrost.Testing.Repository.Path(ProjectFile.PathOf("Bifrost.Tracing")));
        var build = Dockerfile.Chain("build-tracer");
        var copy = Assert.Single(build.SelectMany(s => s.All("COPY")), c => c.Operands()[^1].EndsWith("vmlinux.h", StringComparison.Ordinal));
        var dump = Dockerfile.Stage(copy.Option("from")!);

        // The project runs bpftool only when $(BpfOutDir)vmlinux.h is missing; BpfOutDir is obj/bpf/ of the project.
        Assert.Contains("<BpfOutDir>$(MSBuildThisFileDirectory)$(BaseIntermediateOutputPath)bpf/</BpfOutDir>", project, StringComparison.Ordinal);
        Assert.Contains("!Exists('$(BpfOutDir)vmlinux.h')", project, StringComparison.Ordinal);
        Assert.Equal("src/Bifrost.Tracing/obj/bpf/vmlinux.h", copy.Operands()[^1]);
        Assert.Contains("bpftool", dump.AptPackages());
        Assert.Contains(dump.All("RUN").SelectMany(r => r.Commands()), c => c.StartsWith("bpftool btf dump file /sys/kernel/btf/vmlinux format c > " + copy.Operands()[0], StringComparison.Ordinal));
    }

    [Fact]
    public void Webhook_RunsAsTheNonRootUserOfItsDeploymentOnItsPort()
    {
        var runtime = Dockerfile.Stage("webhook");
        var deployment = ManifestFiles.Named<V1Deployment>(ManifestFiles.Base, "bifrost-webhook").Spec.Template.Spec;
        var container = deployment.Containers.Single();

        var user = User(runtime);
        Assert.True(user > 0, $"USER {user} is root");
        Assert.Equal(deployment.SecurityContext.RunAsUser, user);
        Assert.Equal($"{container.Ports.Single(p => p.Name == "https").ContainerPort}", Assert.Single(runtime.All("EXPOSE")).Arguments);
        Assert.Null(container.Command);
        Assert.Null(container.Args);
    }

    [Fact]
    public void Agent_RunsAsRootOnThePortItsDaemonSetProbes()
    {
        var runtime = Dockerfile.Stage("agent");
        var container = ManifestFiles.Named<V1DaemonSet>(ManifestFiles.Base, "bifrost-agent").Spec.Template.Spec.Containers.Single();
        var port = container.Ports.Single(p => p.Name == "http-metrics").ContainerPort;

        Assert.Equal(0, User(runtime));
        Assert.Equal(container.SecurityContext.RunAsUser, User(runtime));
        Assert.True(container.SecurityContext.Privileged);
        Assert.Equal($"{port}", Assert.Single(runtime.All("EXPOSE")).Arguments);
        Assert.Equal($"{port}", container.Env.Single(e => e.Name == "Bifrost__Agent__HealthPort").Value);
        Assert.Null(container.Command);
        Assert.Null(container.Args);
    }

    [Fact]
    public void Tracer_RunsTheSidecarAsRootWithTheContainerTheWebhookInjects()
    {
        var runtime = Dockerfile.Stage("tracer");
        var injected = new TracerSidecar(new TracerOptions(), nativeSidecar: true)
            .Container(new WorkloadIdentity("shop", "Deployment", "web"), [("app", "bifrost_bootstrap", "nginx:1.27")]);
        var context = injected["securityContext"]!;

        // No command or args: the image's ENTRYPOINT and CMD start it. The tracer takes `run` or nothing.
        Assert.Null(injected["command"]);
        Assert.Null(injected["args"]);
        Assert.Equal(["run"], runtime.Last("CMD")?.ExecForm());
        Assert.Equal(0, User(runtime));
        Assert.Equal(0, context["runAsUser"]!.GetValue<int>());
        Assert.True(context["privileged"]!.GetValue<bool>());
        Assert.Empty(runtime.All("EXPOSE"));
        Assert.Equal(["test", "-e", TracerSidecar.ReadyFile], injected["startupProbe"]!["exec"]!["command"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void RestoreStage_CopiesEveryRepositoryBuildFile()
    {
        var buildFiles = Directory.EnumerateFiles(Bifrost.Testing.Repository.Root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => f.StartsWith("Directory.", StringComparison.Ordinal) || f is "global.json" or ".editorconfig" || f.Equals("nuget.config", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var restore = Dockerfile.Stages[0];

        var copied = restore.All("COPY").Where(c => c.Option("from") is null).SelectMany(c => c.Operands().SkipLast(1)).ToHashSet();

        Assert.Superset(buildFiles.ToHashSet(), copied);
    }

    [Theory]
    [MemberData(nameof(ImageTarget.Targets), MemberType = typeof(ImageTarget))]
    public void BuildStage_CopiesEveryProjectItsProjectReferences(string target)
    {
        var image = ImageTarget.Named(target);
        var copied = Dockerfile.Needed(target).Select(Dockerfile.Stage)
            .SelectMany(s => s.All("COPY")).Where(c => c.Option("from") is null)
            .SelectMany(c => c.Operands().SkipLast(1))
            .ToHashSet();

        foreach (var project in ProjectFile.References(image.Project).Append(image.Project))
        {
            Assert.Contains(ProjectFile.PathOf(project), copied);
            Assert.Contains($"src/{project}/", copied);
        }
    }

    [Fact]
    public void DockerIgnore_KeepsKeysAndBuildOutputOutOfTheContext()
    {
        var ignored = File.ReadAllLines(Bifrost.Testing.Repository.Path(".dockerignore"));

        Assert.Contains("certs/out/", ignored);
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    private static int User(DockerStage stage) =>
        int.Parse(Assert.IsType<DockerInstruction>(stage.Last("USER")).Arguments.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static string Repository(string image) => image.LastIndexOf(':') is var colon and > 0 && !image[colon..].Contains('/', StringComparison.Ordinal) ? image[..colon] : image;

    private static string ConfigMapLiteral(string name)
    {
        var kustomization = File.ReadAllLines(Path.Combine(ManifestFiles.Base, "kustomization.yaml"));
        var prefix = $"- {name}=";
        return Assert.Single(kustomization.Select(l => l.Trim()), l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
    }
}
