using System.Buffers;
using System.Text.Json;

namespace Bifrost.Core.Admission;

/// <summary>Writes the AdmissionReview answer: the request's uid echoed, a base64 JSONPatch when the pod changes, a 403 status when denied.</summary>
public static class AdmissionReviewWriter
{
    public static byte[] Write(string uid, AdmissionDecision decision)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", AdmissionReviewParser.ApiVersion);
            writer.WriteString("kind", "AdmissionReview");
            writer.WriteStartObject("response");
            writer.WriteString("uid", uid);
            writer.WriteBoolean("allowed", decision.Outcome != AdmissionOutcome.Denied);
            if (decision.Outcome == AdmissionOutcome.Denied)
            {
                writer.WriteStartObject("status");
                writer.WriteNumber("code", 403);
                writer.WriteString("reason", "Forbidden");
                writer.WriteString("message", decision.Denial);
                writer.WriteEndObject();
            }

            if (decision.Patch is { Count: > 0 } patch)
            {
                writer.WriteString("patchType", "JSONPatch");
                var bytes = new ArrayBufferWriter<byte>(4096);
                using (var patchWriter = new Utf8JsonWriter(bytes))
                    patch.WriteTo(patchWriter);
                writer.WriteBase64String("patch", bytes.WrittenSpan);
            }

            if (decision.Warnings.Count > 0)
            {
                writer.WriteStartArray("warnings");
                foreach (var warning in decision.Warnings)
                    writer.WriteStringValue(warning);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

}
