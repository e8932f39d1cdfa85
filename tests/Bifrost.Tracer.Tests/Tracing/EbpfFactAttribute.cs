using Bifrost.Tracer.Tracing;
using Xunit;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>A fact that traces real processes with eBPF: skipped, with the reason, where that cannot run.</summary>
public sealed class EbpfFactAttribute : FactAttribute
{
    public EbpfFactAttribute()
    {
        var problem = Preflight.Problem();
        if (problem is not null)
        {
            Skip = problem;
        }
    }
}
