using Bifrost.Tracer.Tracing;

namespace Bifrost.Cli.Tests.Learn;

/// <summary>A fact that runs <c>bifrost learn</c> for real: skipped, with the reason, where eBPF tracing cannot run.</summary>
public sealed class EbpfFactAttribute : FactAttribute
{
    public EbpfFactAttribute()
    {
        if (Preflight.Problem() is { } problem)
            Skip = problem;
        else if (!File.Exists("/usr/bin/openssl"))
            Skip = "openssl is missing: it makes the intake server's certificate (apt-get install openssl)";
    }
}
