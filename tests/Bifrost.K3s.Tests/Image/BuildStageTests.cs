using System.Runtime.Loader;
using System.Text.Json;

namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// Each image's build stage, rehearsed without a container engine (see <see cref="BuildStageRehearsal"/>): it must
/// publish from exactly what it copies, and the output must hold the assembly its ENTRYPOINT starts.
/// </summary>
public sealed class BuildStageTests
{
    [Theory]
    [MemberData(nameof(ImageTarget.Targets), MemberType = typeof(ImageTarget))]
    public async Task BuildStage_PublishesTheEntrypointAssemblyFromWhatItCopies(string target)
    {
        var dockerfile = DockerfileModel.Repository;
        var runtime = dockerfile.Stage(target);
        var copy = runtime.All("COPY").Single(c => c.Option("from") is not null);
        var entrypoint = runtime.Last("ENTRYPOINT")!.ExecForm()[^1];
        var scratch = Directory.CreateTempSubdirectory("bifrost-image-").FullName;
        try
        {
            var rehearsal = new BuildStageRehearsal(dockerfile, DockerContext.Repository, scratch);

            await rehearsal.RunAsync(copy.Option("from")!);

            var app = rehearsal.Map(copy.Operands()[0]);
            Assert.True(File.Exists(Path.Combine(app, entrypoint)), $"{entrypoint} is not in the published output; skipped: {string.Join("; ", rehearsal.Skipped)}");
            using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, Path.ChangeExtension(entrypoint, ".runtimeconfig.json"))));
            var frameworks = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString());
            Assert.Contains("Microsoft.AspNetCore.App", frameworks);
            if (target == ImageTarget.Tracer.Target)
                AssertEmbedsBpfObject(Path.Combine(app, "Bifrost.Tracing.dll"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The tracer loads its eBPF program from a resource of its library: an ELF object for the BPF machine.</summary>
    private static void AssertEmbedsBpfObject(string assemblyPath)
    {
        var context = new AssemblyLoadContext("rehearsed-tracer", isCollectible: true);
        try
        {
            using var resource = context.LoadFromAssemblyPath(assemblyPath).GetManifestResourceStream("bifrost.bpf.o");
            Assert.NotNull(resource);
            var header = new byte[20];
            resource.ReadExactly(header);
            const ushort MachineBpf = 247;
            Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
            Assert.Equal(MachineBpf, BitConverter.ToUInt16(header, 18));
        }
        finally
        {
            context.Unload();
        }
    }
}
