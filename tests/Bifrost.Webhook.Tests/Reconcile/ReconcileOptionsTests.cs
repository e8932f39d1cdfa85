using Bifrost.Webhook.Reconcile;

namespace Bifrost.Webhook.Tests.Reconcile;

public sealed class ReconcileOptionsTests
{
    [Fact]
    public void Validate_Defaults_LookEveryFiveMinutesAndRestartNothing()
    {
        var options = new ReconcileOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromMinutes(5), options.Interval);
        Assert.False(options.RestartUnprotected);
    }

    [Theory]
    [InlineData("00:00:01", 2, "01:00:00", "Bifrost:Reconcile:Interval")]
    [InlineData("00:05:00", -1, "01:00:00", "Bifrost:Reconcile:MaxRestartsPerInterval")]
    [InlineData("00:05:00", 2, "-00:00:01", "Bifrost:Reconcile:RestartCooldown")]
    public void Validate_SettingOutOfRange_NamesTheSetting(string interval, int maxRestarts, string cooldown, string setting)
    {
        var options = new ReconcileOptions { Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), MaxRestartsPerInterval = maxRestarts, RestartCooldown = TimeSpan.Parse(cooldown, System.Globalization.CultureInfo.InvariantCulture) };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith(setting + " must be", error, StringComparison.Ordinal);
    }
}
