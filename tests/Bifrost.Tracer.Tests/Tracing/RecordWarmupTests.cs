using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>The made-up records a session's start runs through the record path, so that path is compiled before tracing.</summary>
public sealed class RecordWarmupTests
{
    [Fact]
    public void Records_EveryKind_DecodesAsThatKind()
    {
        var kinds = RecordWarmup.Records().Select(r => TraceEvent.Decode(r)?.Kind).ToHashSet();

        Assert.DoesNotContain(null, kinds);
        Assert.Equal(Enum.GetValues<EventKind>().Cast<EventKind?>().ToHashSet(), kinds);
    }

    [Fact]
    public void Run_ThrowsNothing()
    {
        RecordWarmup.Run();
    }
}
