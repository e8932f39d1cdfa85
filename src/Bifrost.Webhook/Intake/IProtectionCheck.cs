using Bifrost.Core.Observations;

namespace Bifrost.Webhook.Intake;

/// <summary>Whether Bifrost learns for the workload a report is about; reports for anything else are refused.</summary>
internal interface IProtectionCheck
{
    Task<bool> IsProtectedAsync(ObservationReport report, CancellationToken cancellationToken);
}
