using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>
/// The libbpf 1.1 calls Bifrost uses, bound to Debian's <c>libbpf.so.1</c>. Pointer-returning calls
/// return NULL and set errno; int-returning calls return -errno.
/// </summary>
internal static unsafe partial class LibBpf
{
    private const string Library = "libbpf.so.1";

    [LibraryImport(Library, EntryPoint = "bpf_object__open_mem", SetLastError = true)]
    internal static partial BpfObjectHandle ObjectOpenMem(byte* buffer, nuint size, nint options);

    [LibraryImport(Library, EntryPoint = "bpf_object__close")]
    internal static partial void ObjectClose(nint obj);

    [LibraryImport(Library, EntryPoint = "bpf_object__load")]
    internal static partial int ObjectLoad(BpfObjectHandle obj);

    [LibraryImport(Library, EntryPoint = "bpf_object__find_program_by_name", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint FindProgram(BpfObjectHandle obj, string name);

    [LibraryImport(Library, EntryPoint = "bpf_object__next_program")]
    internal static partial nint NextProgram(BpfObjectHandle obj, nint previous);

    [LibraryImport(Library, EntryPoint = "bpf_program__name")]
    internal static partial nint ProgramName(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_program__set_autoload")]
    internal static partial int ProgramSetAutoload(nint program, [MarshalAs(UnmanagedType.U1)] bool autoload);

    [LibraryImport(Library, EntryPoint = "bpf_program__autoload")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ProgramAutoload(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_program__attach", SetLastError = true)]
    internal static partial BpfLinkHandle ProgramAttach(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_program__attach_tracepoint", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial BpfLinkHandle ProgramAttachTracepoint(nint program, string category, string name);

    [LibraryImport(Library, EntryPoint = "bpf_link__destroy")]
    internal static partial int LinkDestroy(nint link);

    [LibraryImport(Library, EntryPoint = "bpf_object__find_map_by_name", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint FindMap(BpfObjectHandle obj, string name);

    [LibraryImport(Library, EntryPoint = "bpf_map__fd")]
    internal static partial int MapFd(nint map);

    [LibraryImport(Library, EntryPoint = "bpf_map__set_max_entries")]
    internal static partial int MapSetMaxEntries(nint map, uint maxEntries);

    [LibraryImport(Library, EntryPoint = "bpf_map__update_elem")]
    internal static partial int MapUpdate(nint map, void* key, nuint keySize, void* value, nuint valueSize, ulong flags);

    [LibraryImport(Library, EntryPoint = "bpf_map__lookup_elem")]
    internal static partial int MapLookup(nint map, void* key, nuint keySize, void* value, nuint valueSize, ulong flags);

    [LibraryImport(Library, EntryPoint = "ring_buffer__new", SetLastError = true)]
    internal static partial RingBufferHandle RingBufferNew(int mapFd, delegate* unmanaged<nint, nint, nuint, int> sample, nint context, nint options);

    [LibraryImport(Library, EntryPoint = "ring_buffer__consume")]
    internal static partial int RingBufferConsume(RingBufferHandle ringBuffer);

    [LibraryImport(Library, EntryPoint = "ring_buffer__epoll_fd")]
    internal static partial int RingBufferEpollFd(RingBufferHandle ringBuffer);

    [LibraryImport(Library, EntryPoint = "ring_buffer__free")]
    internal static partial void RingBufferFree(nint ringBuffer);

    /// <summary>Silences libbpf's own stderr output (verifier logs of the probes that are expected to fail).</summary>
    [LibraryImport(Library, EntryPoint = "libbpf_set_print")]
    internal static partial nint SetPrint(nint callback);
}
