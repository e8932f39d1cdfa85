using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>Owns a <c>struct bpf_object</c>; closing it unloads its programs and maps.</summary>
internal sealed class BpfObjectHandle : SafeHandle
{
    public BpfObjectHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        LibBpf.ObjectClose(handle);
        return true;
    }
}
