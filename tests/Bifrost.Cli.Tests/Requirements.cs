using Bifrost.Tracing.Tracing;

namespace Bifrost.Cli.Tests;

/// <summary><c>bifrost learn</c> tracing for real: the tracer's own preflight (root, BTF, libbpf, the kernel).</summary>
public sealed class Ebpf : IRequirement
{
    public string? Problem => Preflight.Problem();
}

/// <summary>
/// A Debian 12 root with nginx: built before under artifacts/relevancy/ (by <c>make relevancy</c> or a test), or buildable
/// here with mmdebstrap from deb.debian.org.
/// </summary>
public sealed class DebianNginxRoot : IRequirement
{
    public string? Problem =>
        DebianRoot.IsBuilt("nginx") ? null
        : Tools.Missing(["mmdebstrap"]) is { } missing ? $"building a Debian 12 root {missing}"
        : DebianRoot.MirrorProblem();
}

/// <summary>What <c>dotnet pack --no-build</c> of the CLI needs: dotnet, and the CLI restored and built in this configuration.</summary>
public sealed class CliPackable : IRequirement
{
    public string? Problem =>
        Tools.Missing(["dotnet"]) is { } missing ? $"packing the CLI {missing}"
        : !File.Exists(Repository.Path("src", "Bifrost.Cli", "obj", "project.assets.json")) ? "packing the CLI needs src/Bifrost.Cli restored (dotnet build)"
        : !File.Exists(Repository.Path("src", "Bifrost.Cli", "bin", Packaging.ToolPackage.Configuration, "net10.0", "bifrost.dll")) ? $"packing the CLI needs it built in {Packaging.ToolPackage.Configuration}"
        : null;
}
