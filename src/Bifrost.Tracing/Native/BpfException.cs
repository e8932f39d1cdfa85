namespace Bifrost.Tracing.Native;

/// <summary>A libbpf call failed; <see cref="Errno"/> is the positive errno it reported.</summary>
public sealed class BpfException : Exception
{
    public BpfException(string operation, int errno)
        : base($"{operation} failed: {Describe(errno)}")
    {
        Errno = errno;
    }

    public BpfException()
    {
    }

    public BpfException(string message)
        : base(message)
    {
    }

    public BpfException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Errno { get; }

    internal static string Describe(int errno) => errno switch
    {
        1 => "EPERM (operation not permitted: run as root, or the kernel's lockdown refuses this program type)",
        2 => "ENOENT (not found)",
        7 => "E2BIG (program too large for the verifier)",
        13 => "EACCES (permission denied)",
        22 => "EINVAL (invalid argument)",
        95 => "EOPNOTSUPP (not supported by this kernel)",
        _ => $"errno {errno}",
    };
}
