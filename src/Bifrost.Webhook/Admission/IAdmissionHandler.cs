using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Admission;

/// <summary>The seam between the HTTP endpoint and Core's decision, so the endpoint's own fault handling can be exercised.</summary>
internal interface IAdmissionHandler
{
    ValueTask<AdmissionResult> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}
