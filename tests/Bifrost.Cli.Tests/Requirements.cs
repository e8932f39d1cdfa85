using Bifrost.Tracing.Tracing;

namespace Bifrost.Cli.Tests;

/// <summary><c>bifrost learn</c> tracing for real: the tracer's own preflight (root, BTF, libbpf, the kernel).</summary>
public sealed class Ebpf : IRequirement
{
    public string? Problem => Preflight.Problem();
}
