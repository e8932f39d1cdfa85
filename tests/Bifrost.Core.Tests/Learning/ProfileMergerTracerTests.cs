using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Core.Tests.Learning;

/// <summary>What the merge keeps of the tracer itself: a missed container start, and a tracer that could not attach.</summary>
public sealed class ProfileMergerTracerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly ProfileMerger Merger = new(ObservationKey.Of, o => o.Select(x => x.ToString()).ToHashSet());

    private static FileObservation File(string path, string container) => new() { Container = container, Path = path, Access = AccessMask.Read };

    private static ReportInput Report(string pod, long sequence, TracerState? tracer = null, IReadOnlySet<string>? startMissed = null, params Observation[] observations) =>
        new() { PodUid = pod, PodName = "web-" + pod, Node = "n1", Sequence = sequence, Tracer = tracer, StartMissed = startMissed, Observations = observations };

    private static readonly TracerState Unavailable = new() { State = TracerState.Unavailable, Reason = "no BTF at /sys/kernel/btf/vmlinux" };
    private static readonly TracerState Attached = new() { State = TracerState.Attached };

    [Fact]
    public void Merge_ContainerAlreadyRunning_KeepsTheMarkOnThatContainerOnly()
    {
        var status = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, Attached, new HashSet<string> { "b" }, File("/a", "a"), File("/b", "b")), T0).Status;
        status = Merger.Merge(status, Report("p2", 1, Attached, null, File("/b2", "b")), T0.AddMinutes(1)).Status;

        Assert.Equal([("a", false), ("b", true)], status.Containers.Select(c => (c.Name, c.StartMissed)));
    }

    [Fact]
    public void Merge_TracerUnavailable_SetsTheConditionOnceWithAnEvent()
    {
        var first = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, Unavailable), T0);
        var again = Merger.Merge(first.Status, Report("p1", 2, Unavailable), T0.AddMinutes(1));

        var condition = Assert.Single(first.Status.Conditions);
        Assert.Equal((ProfileCondition.TracerUnavailable, "True", "AttachFailed", T0), (condition.Type, condition.Status, condition.Reason, condition.LastTransitionTime));
        Assert.Contains("pod web-p1 on node n1", condition.Message, StringComparison.Ordinal);
        Assert.Contains("no BTF", condition.Message, StringComparison.Ordinal);
        var happened = Assert.Single(first.Events);
        Assert.Equal(("TracerUnavailable", true), (happened.Reason, happened.Warning));
        Assert.Empty(again.Events);
        Assert.Equal(T0, Assert.Single(again.Status.Conditions).LastTransitionTime);
        Assert.Empty(first.Status.Containers);
    }

    [Fact]
    public void Merge_TracerAttachedAfterUnavailable_ClearsTheConditionWithoutAnEvent()
    {
        var unavailable = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, Unavailable), T0).Status;

        var attached = Merger.Merge(unavailable, Report("p2", 1, Attached, null, File("/a", "a")), T0.AddMinutes(5));

        var condition = Assert.Single(attached.Status.Conditions);
        Assert.Equal(("False", "Attached", T0.AddMinutes(5)), (condition.Status, condition.Reason, condition.LastTransitionTime));
        Assert.Empty(attached.Events);
    }

    [Fact]
    public void Merge_AttachedTracerWithoutEarlierTrouble_AddsNoCondition()
    {
        var status = Merger.Merge(new BifrostProfileStatus(), Report("p1", 1, Attached, null, File("/a", "a")), T0).Status;

        Assert.Empty(status.Conditions);
    }
}
