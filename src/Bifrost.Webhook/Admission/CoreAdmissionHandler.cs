using Bifrost.Core.Admission;

namespace Bifrost.Webhook.Admission;

/// <summary>Core's <see cref="AdmissionReviewHandler"/>, unchanged.</summary>
internal sealed class CoreAdmissionHandler(AdmissionReviewHandler handler) : IAdmissionHandler
{
    public AdmissionResult Handle(ReadOnlySpan<byte> body) => handler.Handle(body);
}
