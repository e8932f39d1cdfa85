using System.Runtime.CompilerServices;

namespace Bifrost.Agent.Audit;

/// <summary>
/// Follows the audit daemon's log (<c>/var/log/audit/audit.log</c>) like <c>tail -F</c>: starts at the end, reads what
/// is appended, and after a rotation (the file renamed away, or truncated) finishes the old file and continues with
/// the new one from its start.
/// </summary>
internal sealed class AuditLogTailer(string path, TimeProvider time, bool fromStart = false) : IAuditSource
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private FileStream? stream;

    public string Name => "auditd-log";

    public async IAsyncEnumerable<string> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var splitter = new LineSplitter();
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (stream is null)
            {
                stream = TryOpen();
                // Only a log that was there when tailing began has a past to skip; one created since holds
                // nothing but new lines, however many were written before the next poll found it.
                var skipPast = first && !fromStart;
                first = false;
                if (stream is null)
                {
                    await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (skipPast)
                    stream.Seek(0, SeekOrigin.End);
            }

            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                foreach (var line in splitter.Push(buffer.AsSpan(0, read)))
                    yield return line;
                continue;
            }

            if (Rotated(stream))
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                stream = null;
                continue;
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private FileStream? TryOpen()
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the path now names another file than the one open (renamed away or deleted), or the open one shrank.</summary>
    private bool Rotated(FileStream stream)
    {
        if (stream.Length < stream.Position)
        {
            stream.Seek(0, SeekOrigin.Begin);
            return false;
        }

        var link = $"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}";
        var target = File.ResolveLinkTarget(link, returnFinalTarget: false)?.FullName;
        return target is not null && target != Path.GetFullPath(path) && File.Exists(path);
    }

    public void Dispose() => stream?.Dispose();
}
