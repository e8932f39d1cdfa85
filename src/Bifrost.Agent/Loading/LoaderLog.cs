namespace Bifrost.Agent.Loading;

internal static partial class LoaderLog
{
    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Uninstall: removed {Removed} Bifrost profiles and their files; {Kept} stay loaded until the next reboot because tasks run under them; {Failed} could not be removed")]
    public static partial void Uninstalled(ILogger logger, int removed, int kept, int failed);

    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Restored {Count} Bifrost profiles from {Directory} ({Failed} failed); AppArmor enabled: {Enabled}")]
    public static partial void Restored(ILogger logger, int count, int failed, string directory, bool enabled);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "{Action} profile {Name} ({Mode}, hash {Hash})")]
    public static partial void Loaded(ILogger logger, string action, string name, Bifrost.Core.AppArmor.ProfileMode mode, string hash);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Profile {Name} not loaded: {Reason}")]
    public static partial void Failed(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Removed unused profile {Name}")]
    public static partial void Removed(ILogger logger, string name);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Kept unused profile {Name}: tasks on this node still run under it")]
    public static partial void KeptInUse(ILogger logger, string name);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Could not remove profile {Name}: {Reason}")]
    public static partial void RemoveFailed(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning, Message = "Ignored {File} in the profile directory: it is not a Bifrost file or its text does not match its hash")]
    public static partial void IgnoredFile(ILogger logger, string file);
}
