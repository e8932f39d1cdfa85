using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>Receives one ring-buffer record; the span is valid only during the call.</summary>
internal delegate void RecordHandler(ReadOnlySpan<byte> record);

/// <summary>
/// Polls a BPF ring buffer on a dedicated thread. libbpf runs the callback on that thread; the record is
/// handed to the handler, which must copy what it keeps before returning. The buffer is freed only after
/// the thread has stopped. The thread waits on the ring's epoll fd and an eventfd together, so that
/// <see cref="Stop"/> wakes it at once instead of after the rest of a poll interval.
/// </summary>
internal sealed unsafe class RingBufferReader : IDisposable
{
    private const int EINTR = 4;
    private const int PollMilliseconds = 100;

    private readonly RecordHandler handler;
    private readonly RingBufferHandle ring;
    private readonly Thread thread;
    private readonly int wake;
    private readonly int epoll;
    private GCHandle self;
    private volatile bool stopping;
    private int pollError;

    public RingBufferReader(int mapFd, RecordHandler handler)
    {
        this.handler = handler;
        self = GCHandle.Alloc(this);
        ring = LibBpf.RingBufferNew(mapFd, &OnSample, GCHandle.ToIntPtr(self), nint.Zero);
        if (ring.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            self.Free();
            throw new BpfException("ring_buffer__new", errno);
        }
        wake = Libc.EventFd();
        epoll = wake < 0 ? wake : Libc.EpollWatching(LibBpf.RingBufferEpollFd(ring), wake);
        if (epoll < 0)
        {
            if (wake >= 0)
            {
                _ = Libc.Close(wake);
            }
            ring.Dispose();
            self.Free();
            throw new BpfException(wake < 0 ? "eventfd" : "epoll_ctl", -epoll);
        }
        thread = new Thread(Poll) { IsBackground = true, Name = "bifrost-ringbuf" };
        thread.Start();
    }

    /// <summary>Exceptions thrown by the handler, counted rather than lost.</summary>
    public long HandlerFaults { get; private set; }

    /// <summary>The first non-EINTR error the wait or ring_buffer__consume returned, as a positive errno, or 0.</summary>
    public int PollError => pollError;

    /// <summary>Stops polling after one last drain of whatever the kernel has already written.</summary>
    public void Stop()
    {
        if (stopping)
        {
            return;
        }
        stopping = true;
        Libc.Signal(wake);
        thread.Join();
        LibBpf.RingBufferConsume(ring);
    }

    public void Dispose()
    {
        Stop();
        ring.Dispose();
        _ = Libc.Close(epoll);
        _ = Libc.Close(wake);
        if (self.IsAllocated)
        {
            self.Free();
        }
    }

    private void Poll()
    {
        while (!stopping)
        {
            // The kernel side writes with BPF_RB_NO_WAKEUP until the ring fills, so epoll often reports
            // nothing: after each wait the ring is consumed regardless.
            var rc = Libc.EpollWait(epoll, PollMilliseconds);
            if (rc >= 0 || rc == -EINTR)
            {
                rc = LibBpf.RingBufferConsume(ring);
            }
            if (rc < 0 && rc != -EINTR)
            {
                pollError = -rc;
                return;
            }
        }
    }

    [UnmanagedCallersOnly]
    private static int OnSample(nint context, nint data, nuint size)
    {
        try
        {
            if (GCHandle.FromIntPtr(context).Target is RingBufferReader reader)
            {
                try
                {
                    reader.handler(new ReadOnlySpan<byte>((void*)data, (int)size));
                }
                catch (Exception)
                {
                    reader.HandlerFaults++;
                }
            }
        }
        catch (Exception)
        {
            // Nothing may escape into native code; a record that cannot be handled is skipped.
        }
        return 0;
    }
}
