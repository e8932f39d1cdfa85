using System.Buffers;
using System.Text.Json;

namespace Bifrost.Core.Admission;

/// <summary>Writes the AdmissionReview answer: the request's uid echoed, a base64 JSONPatch when the pod changes, a 403 status when denied.</summary>
public static class AdmissionReviewWriter
{
    // A buffer kept past this size (a review with an unusual number of warnings) is let go rather than held per thread.
    private const int KeptCapacity = 64 * 1024;

    // The answer and its patch are written into buffers each thread keeps, so an answer allocates only its bytes.
    [ThreadStatic]
    private static Buffers? cached;

    public static byte[] Write(string uid, AdmissionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var buffers = cached ?? new Buffers();
        cached = null;
        try
        {
            var answer = WriteAnswer(buffers, uid, decision);
            if (buffers.Fits)
                cached = buffers;
            return answer;
        }
        finally
        {
            buffers.Reset();
        }
    }

    private static byte[] WriteAnswer(Buffers buffers, string uid, AdmissionDecision decision)
    {
        var writer = buffers.AnswerWriter;
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, AdmissionReviewParser.ApiVersion);
        writer.WriteString("kind"u8, "AdmissionReview"u8);
        writer.WriteStartObject("response"u8);
        writer.WriteString("uid"u8, uid);
        writer.WriteBoolean("allowed"u8, decision.Outcome != AdmissionOutcome.Denied);
        if (decision.Outcome == AdmissionOutcome.Denied)
        {
            writer.WriteStartObject("status"u8);
            writer.WriteNumber("code"u8, 403);
            writer.WriteString("reason"u8, "Forbidden"u8);
            writer.WriteString("message"u8, decision.Denial);
            writer.WriteEndObject();
        }

        if (decision.PatchJson is { } json)
        {
            writer.WriteString("patchType"u8, "JSONPatch"u8);
            writer.WriteBase64String("patch"u8, json);
        }
        else if (decision.Patch is { Count: > 0 } patch)
        {
            writer.WriteString("patchType"u8, "JSONPatch"u8);
            patch.WriteTo(buffers.PatchWriter);
            buffers.PatchWriter.Flush();
            writer.WriteBase64String("patch"u8, buffers.Patch.WrittenSpan);
        }

        if (decision.Warnings.Count > 0)
        {
            writer.WriteStartArray("warnings"u8);
            foreach (var warning in decision.Warnings)
                writer.WriteStringValue(warning);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return buffers.Answer.WrittenSpan.ToArray();
    }

    private sealed class Buffers
    {
        public Buffers()
        {
            PatchWriter = new Utf8JsonWriter(Patch);
            AnswerWriter = new Utf8JsonWriter(Answer);
        }

        public ArrayBufferWriter<byte> Patch { get; } = new(4096);

        public ArrayBufferWriter<byte> Answer { get; } = new(4096);

        public Utf8JsonWriter PatchWriter { get; }

        public Utf8JsonWriter AnswerWriter { get; }

        public bool Fits => Patch.Capacity <= KeptCapacity && Answer.Capacity <= KeptCapacity;

        /// <summary>Ready for the next answer, also after a fault halfway through one.</summary>
        public void Reset()
        {
            PatchWriter.Reset();
            AnswerWriter.Reset();
            Patch.ResetWrittenCount();
            Answer.ResetWrittenCount();
        }
    }
}
