namespace Bifrost.Core.Relevancy;

/// <summary>What an executable's first bytes say about whether its code can be attributed to packages by file.</summary>
public enum ElfKind
{
    /// <summary>Not an ELF file, or not read.</summary>
    Unknown,

    /// <summary>Has a program interpreter: the libraries it needs are files of their own, seen when mapped.</summary>
    Dynamic,

    /// <summary>No program interpreter: the libraries linked into it are not files, so their packages are not seen.</summary>
    Static,

    /// <summary>A Go program: its modules are compiled in and are not files.</summary>
    Go,

    /// <summary>
    /// No program interpreter but a dynamic section, position-independent: a shared library (the libraries it needs
    /// are files of their own), or a static-pie program, which is told by its name (not <c>*.so</c>, <c>*.so.N</c>).
    /// </summary>
    SharedObject,
}
