using Bifrost.K3s.Tests.Support;

namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// Runs a Dockerfile build stage without a container engine: a scratch directory stands in for the image's file
/// system, COPY takes files from the build context as .dockerignore leaves it, and every <c>dotnet</c> command of
/// the stage and the stages it starts from runs there. Package installs are left to the machine (make deps), and
/// COPY from another stage is skipped (the tracer project then makes vmlinux.h with the machine's bpftool).
/// So a stage that forgets a file the build needs fails here as it would in `docker build`.
/// </summary>
internal sealed class BuildStageRehearsal(DockerfileModel dockerfile, DockerContext context, string scratch)
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(10);

    private readonly List<string> skipped = [];
    private string workdir = "/";

    /// <summary>What was left out, for the assertion messages.</summary>
    public IReadOnlyList<string> Skipped => skipped;

    /// <summary>Where an absolute path of the image lives in the scratch directory.</summary>
    public string Map(string imagePath) => Path.Combine(scratch, imagePath.TrimStart('/'));

    public async Task RunAsync(string stage)
    {
        foreach (var instruction in dockerfile.Chain(stage).SelectMany(s => s.Instructions))
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Resolve(instruction.Arguments);
                    Directory.CreateDirectory(Map(workdir));
                    break;
                case "COPY" when instruction.Option("from") is { } from:
                    skipped.Add($"COPY --from={from} {string.Join(' ', instruction.Operands())}");
                    break;
                case "COPY":
                    Copy(instruction.Operands());
                    break;
                case "RUN":
                    foreach (var command in instruction.Commands())
                        await ExecuteAsync(command);
                    break;
            }
        }
    }

    private void Copy(IReadOnlyList<string> operands)
    {
        var destination = Resolve(operands[^1]);
        var target = Map(destination) + (operands[^1].EndsWith('/') || operands.Count > 2 ? "/" : "");
        foreach (var source in operands.SkipLast(1))
            context.Copy(source, target);
    }

    private async Task ExecuteAsync(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words[0] != "dotnet")
        {
            skipped.Add(command);
            return;
        }

        var arguments = words.Skip(1).Select(w => w.StartsWith('/') ? Map(w) : w);
        var (exitCode, output) = await ProcessRun.RunAsync("dotnet", arguments, Map(workdir), CommandLimit);
        Assert.True(exitCode == 0, $"`{command}` failed ({exitCode}) in the rehearsal of the build stage:\n{output}");
    }

    private string Resolve(string path) => path.StartsWith('/') ? path : $"{workdir.TrimEnd('/')}/{path}";
}
