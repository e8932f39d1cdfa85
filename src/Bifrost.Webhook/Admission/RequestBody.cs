using System.IO.Pipelines;

namespace Bifrost.Webhook.Admission;

/// <summary>Reads a whole request body, up to a limit, without trusting Content-Length.</summary>
internal static class RequestBody
{
    /// <summary>The body in a pooled buffer, or null when it is larger than <paramref name="limit"/>.</summary>
    public static async Task<PooledBody?> ReadAsync(PipeReader reader, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                var body = PooledBody.Copy(buffer);
                reader.AdvanceTo(buffer.End);
                return body;
            }

            // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
