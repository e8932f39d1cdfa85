using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

public sealed class PreflightTests
{
    [Theory]
    [InlineData(5, 15, true)]
    [InlineData(5, 16, true)]
    [InlineData(5, 17, false)]
    [InlineData(6, 1, false)]
    [InlineData(6, 12, false)]
    public void KernelTooOld_ByRelease_NamesTheMinimum(int major, int minor, bool tooOld)
    {
        var problem = Preflight.KernelTooOld(new Version(major, minor));

        Assert.Equal(tooOld, problem is not null);
        if (tooOld)
            Assert.Equal($"tracing needs Linux 5.17 or later (bpf_loop, BTF tracepoints); this kernel is {major}.{minor}", problem);
    }

    [Fact]
    public void KernelTooOld_ThisMachine_IsNewEnough() => Assert.Null(Preflight.KernelTooOld(Environment.OSVersion.Version));
}
