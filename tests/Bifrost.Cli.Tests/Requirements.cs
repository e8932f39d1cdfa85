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
