using Bifrost.Core.Profiles;

namespace Bifrost.Core.Tests.Learning;

/// <summary>Setting a condition the way <c>meta.SetStatusCondition</c> does.</summary>
public sealed class ProfileConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static ProfileCondition Condition(string type, string status, string reason = "R", string message = "m") =>
        new() { Type = type, Status = status, Reason = reason, Message = message };

    [Fact]
    public void Set_NewType_AddsItLastWithNowAsTransitionTime()
    {
        var tracer = Condition(ProfileCondition.TracerUnavailable, "False") with { LastTransitionTime = T0 };

        var set = ProfileConditions.Set([tracer], Condition("Stable", "True"), T0.AddHours(1));

        Assert.Equal([ProfileCondition.TracerUnavailable, "Stable"], set.Select(c => c.Type));
        Assert.Equal(T0.AddHours(1), set[1].LastTransitionTime);
        Assert.Same(tracer, set[0]);
    }

    [Fact]
    public void Set_SameStatusNewReasonAndMessage_KeepsTheTransitionTime()
    {
        var first = ProfileConditions.Set([], Condition("Enforcing", "False", "QuietPeriod", "a"), T0);

        var second = ProfileConditions.Set(first, Condition("Enforcing", "False", "WaitingForNodes", "b"), T0.AddHours(1));

        var only = Assert.Single(second);
        Assert.Equal(("WaitingForNodes", "b", T0), (only.Reason, only.Message, only.LastTransitionTime));
    }

    [Fact]
    public void Set_StatusFlips_MovesTheTransitionTime()
    {
        var first = ProfileConditions.Set([], Condition("Enforcing", "False"), T0);

        var second = ProfileConditions.Set(first, Condition("Enforcing", "True"), T0.AddHours(1));

        Assert.Equal(T0.AddHours(1), Assert.Single(second).LastTransitionTime);
    }

    [Fact]
    public void Set_MessageBeyondTheApiServersBound_IsCut()
    {
        var set = ProfileConditions.Set([], Condition("Degraded", "True", message: new string('x', 40_000)), T0);

        Assert.Equal(ProfileConditions.MaxMessage, Assert.Single(set).Message!.Length);
    }
}
