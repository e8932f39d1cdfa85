using System.Runtime.InteropServices;

namespace Bifrost.Tracing.Native;

/// <summary>A safe view of one opened eBPF object: pick programs, load, attach, read and write maps.</summary>
internal sealed unsafe class BpfObject : IDisposable
{
    private readonly BpfObjectHandle handle;
    private readonly List<BpfLinkHandle> links = [];

    private BpfObject(BpfObjectHandle handle) => this.handle = handle;

    static BpfObject() => LibBpf.SetPrint(nint.Zero);

    public static BpfObject Open(ReadOnlySpan<byte> elf)
    {
        BpfObjectHandle h;
        fixed (byte* p = elf)
        {
            h = LibBpf.ObjectOpenMem(p, (nuint)elf.Length, nint.Zero);
        }
        if (h.IsInvalid)
        {
            throw new BpfException("bpf_object__open_mem", Marshal.GetLastPInvokeError());
        }
        return new BpfObject(h);
    }

    public IReadOnlyList<string> ProgramNames()
    {
        var names = new List<string>();
        for (var p = LibBpf.NextProgram(handle, nint.Zero); p != nint.Zero; p = LibBpf.NextProgram(handle, p))
        {
            names.Add(Marshal.PtrToStringUTF8(LibBpf.ProgramName(p)) ?? "");
        }
        return names;
    }

    public void SetAutoload(string program, bool autoload)
    {
        var p = Program(program);
        Check("bpf_program__set_autoload " + program, LibBpf.ProgramSetAutoload(p, autoload));
    }

    public void SetMaxEntries(string map, uint entries) =>
        Check("bpf_map__set_max_entries " + map, LibBpf.MapSetMaxEntries(Map(map), entries));

    public void Load() => Check("bpf_object__load", LibBpf.ObjectLoad(handle));

    /// <summary>
    /// Attaches every program marked for autoload except those in <paramref name="manual"/> (attached one
    /// target at a time with <see cref="AttachTracepoint"/>); returns how many links there are.
    /// </summary>
    public int AttachAll(IReadOnlySet<string>? manual = null)
    {
        for (var p = LibBpf.NextProgram(handle, nint.Zero); p != nint.Zero; p = LibBpf.NextProgram(handle, p))
        {
            if (!LibBpf.ProgramAutoload(p) || (manual?.Contains(Marshal.PtrToStringUTF8(LibBpf.ProgramName(p)) ?? "") ?? false))
            {
                continue;
            }
            var link = LibBpf.ProgramAttach(p);
            if (link.IsInvalid)
            {
                var errno = Marshal.GetLastPInvokeError();
                link.Dispose();
                throw new BpfException("bpf_program__attach " + Marshal.PtrToStringUTF8(LibBpf.ProgramName(p)), errno);
            }
            links.Add(link);
        }
        return links.Count;
    }

    /// <summary>Attaches a program to one more tracepoint (<c>category/name</c> under tracefs).</summary>
    public void AttachTracepoint(string program, string category, string name)
    {
        var link = LibBpf.ProgramAttachTracepoint(Program(program), category, name);
        if (link.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            link.Dispose();
            throw new BpfException($"bpf_program__attach_tracepoint {program} to {category}/{name}", errno);
        }
        links.Add(link);
    }

    public void Update<TKey, TValue>(string map, TKey key, TValue value)
        where TKey : unmanaged
        where TValue : unmanaged =>
        Check("bpf_map__update_elem " + map, LibBpf.MapUpdate(Map(map), &key, (nuint)sizeof(TKey), &value, (nuint)sizeof(TValue), 0));

    public TValue Lookup<TKey, TValue>(string map, TKey key)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        TValue value = default;
        Check("bpf_map__lookup_elem " + map, LibBpf.MapLookup(Map(map), &key, (nuint)sizeof(TKey), &value, (nuint)sizeof(TValue), 0));
        return value;
    }

    public int MapFd(string map) => LibBpf.MapFd(Map(map));

    public void Dispose()
    {
        // Releasing a tracepoint's perf event waits for the kernel to stop calling the program (tens of ms each);
        // released together the waits overlap, about twice as fast for ~40 links as one after another.
        var releasing = links.Select(link => new Thread(link.Dispose, maxStackSize: 64 * 1024)).ToList();
        releasing.ForEach(thread => thread.Start());
        releasing.ForEach(thread => thread.Join());
        links.Clear();
        handle.Dispose();
    }

    private nint Program(string name)
    {
        var p = LibBpf.FindProgram(handle, name);
        return p != nint.Zero ? p : throw new BpfException($"program {name} is not in the eBPF object");
    }

    private nint Map(string name)
    {
        var m = LibBpf.FindMap(handle, name);
        return m != nint.Zero ? m : throw new BpfException($"map {name} is not in the eBPF object");
    }

    private static void Check(string operation, int rc)
    {
        if (rc < 0)
        {
            throw new BpfException(operation, -rc);
        }
    }
}
