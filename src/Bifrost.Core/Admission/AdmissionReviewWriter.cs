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

        if (decision.PatchJson is { } json)
        {
            writer.WriteString("patchType", "JSONPatch");
            writer.WriteBase64String("patch", json);
        }
        else if (decision.Patch is { Count: > 0 } patch)
        {
            writer.WriteString("patchType", "JSONPatch");
            patch.WriteTo(buffers.PatchWriter);
            buffers.PatchWriter.Flush();
            writer.WriteBase64String("patch", buffers.Patch.WrittenSpan);
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
