using System.Text.Json;
using Bifrost.K3s.Tests.Support;

namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// Where a Docker engine answers, each target is really built and its image looked at: the entrypoint, the user,
/// and the tool its program needs at run time. The image is removed afterwards.
/// </summary>
public sealed class DockerBuildTests
{
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(20);

    [RequiresFact(typeof(DockerDaemon))]
    public Task DockerBuild_WebhookTarget_RunsTheWebhookAsNonRoot() =>
        BuildAndCheckAsync(ImageTarget.Webhook, "65532:65532", "test -f /app/Bifrost.Webhook.dll");

    [RequiresFact(typeof(DockerDaemon))]
    public Task DockerBuild_TracerTarget_HasLibbpfAndTheSidecarCommand() =>
        BuildAndCheckAsync(ImageTarget.Tracer, "0:0", "test -f /app/Bifrost.Tracer.dll && ldconfig -p | grep -q 'libbpf.so.1 ' && test -x /usr/bin/test");

    [RequiresFact(typeof(DockerDaemon))]
    public Task DockerBuild_AgentTarget_HasApparmorParser() =>
        BuildAndCheckAsync(ImageTarget.Agent, "0:0", "test -f /app/Bifrost.Agent.dll && apparmor_parser --version");

    private static async Task BuildAndCheckAsync(ImageTarget image, string user, string check)
    {
        var tag = $"bifrost-image-test-{image.Target}:{Guid.NewGuid():N}";
        var root = Repository.Root;
        var build = await ProcessRun.RunAsync("docker", ["build", "--target", image.Target, "-t", tag, "."], root, BuildLimit);
        Assert.True(build.ExitCode == 0, $"docker build --target {image.Target} failed:\n{build.Output}");
        try
        {
            var inspect = await ProcessRun.RunAsync("docker", ["image", "inspect", tag, "--format", "{{json .Config}}"], root, TimeSpan.FromMinutes(1));
            Assert.Equal(0, inspect.ExitCode);
            using var config = JsonDocument.Parse(inspect.Output);
            var stage = DockerfileModel.Repository.Stage(image.Target);
            Assert.Equal(stage.Last("ENTRYPOINT")!.ExecForm(), Strings(config.RootElement, "Entrypoint"));
            Assert.Equal(user, config.RootElement.GetProperty("User").GetString());

            var run = await ProcessRun.RunAsync("docker", ["run", "--rm", "--entrypoint", "sh", tag, "-c", check], root, TimeSpan.FromMinutes(2));
            Assert.True(run.ExitCode == 0, $"`{check}` failed in {image.Target}:\n{run.Output}");
        }
        finally
        {
            await ProcessRun.RunAsync("docker", ["image", "rm", "-f", tag], root, TimeSpan.FromMinutes(1));
        }
    }

    private static string[] Strings(JsonElement config, string property) =>
        config.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : [];
}
