using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>Owns a <c>struct bpf_link</c>; destroying it detaches the program.</summary>
internal sealed class BpfLinkHandle : SafeHandle
{
    public BpfLinkHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => LibBpf.LinkDestroy(handle) == 0;
}
