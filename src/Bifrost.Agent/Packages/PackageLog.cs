using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Packages;

internal static partial class PackageLog
{
    [LoggerMessage(EventId = 6500, Level = LogLevel.Information, Message = "Reading the package databases of running containers every {Interval}")]
    public static partial void Scanning(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "{Workload} container {Container} ({Image}): {Used} of {Installed} packages in use")]
    public static partial void Reported(ILogger logger, WorkloadIdentity workload, string container, string image, int used, int installed);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Information, Message = "{Image} ({Workload} container {Container}) has no dpkg, apk or rpm database: packages in use are not reported for it")]
    public static partial void NoDatabase(ILogger logger, string image, WorkloadIdentity workload, string container);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Warning, Message = "Could not read the packages of {Image} ({Workload} container {Container}): {Problem}")]
    public static partial void ReadFailed(ILogger logger, string image, WorkloadIdentity workload, string container, string problem);

    [LoggerMessage(EventId = 6504, Level = LogLevel.Warning, Message = "Could not report the packages in use of {Workload}: {Failure}; sent again next round")]
    public static partial void SendFailed(ILogger logger, WorkloadIdentity workload, string failure);
}
