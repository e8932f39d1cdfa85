using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Admission;

/// <summary>Core's <see cref="AdmissionReviewHandler"/>, unchanged.</summary>
internal sealed class CoreAdmissionHandler(AdmissionReviewHandler handler) : IAdmissionHandler
{
    public ValueTask<AdmissionResult> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        handler.HandleAsync(body, cancellationToken);
}
