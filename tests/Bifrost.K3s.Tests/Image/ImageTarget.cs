namespace Bifrost.K3s.Tests.Image;

/// <summary>
/// One image Bifrost ships: the Dockerfile target that builds it, the project it runs and the Debian/Ubuntu packages
/// its runtime needs beyond the .NET base image.
/// </summary>
public sealed record ImageTarget(string Target, string Project, string[] RuntimePackages, string[] BuildPackages)
{
    public const string Registry = "ghcr.io/bifrost-io/";

    public static ImageTarget Webhook { get; } = new("webhook", "Bifrost.Webhook", [], []);

    /// <summary>libbpf.so.1 loads the eBPF object; clang compiles it and libbpf-dev has its headers.</summary>
    public static ImageTarget Tracer { get; } = new("tracer", "Bifrost.Tracer", ["libbpf1"], ["clang", "llvm", "libbpf-dev"]);

    /// <summary>apparmor_parser loads the profiles into the node's kernel.</summary>
    public static ImageTarget Agent { get; } = new("agent", "Bifrost.Agent", ["apparmor"], []);

    public static IReadOnlyList<ImageTarget> All { get; } = [Webhook, Tracer, Agent];

    public static TheoryData<string> Targets => [.. All.Select(t => t.Target)];

    /// <summary>The image repository the manifests name: <c>ghcr.io/bifrost-io/bifrost-&lt;target&gt;</c>.</summary>
    public string Repository => $"{Registry}bifrost-{Target}";

    public string ProjectDirectory => $"src/{Project}";

    public static ImageTarget Named(string target) => All.Single(t => t.Target == target);

    public override string ToString() => Target;
}
