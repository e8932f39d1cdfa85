using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>Owns a libbpf <c>struct ring_buffer</c>. Freed only after the polling thread has stopped.</summary>
internal sealed class RingBufferHandle : SafeHandle
{
    public RingBufferHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        LibBpf.RingBufferFree(handle);
        return true;
    }
}
