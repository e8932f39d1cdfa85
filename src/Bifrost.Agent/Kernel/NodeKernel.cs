namespace Bifrost.Agent.Kernel;

/// <summary>
/// What the node's kernel offers the tracer, reported in the BifrostNode status so <c>bifrost check</c> can tell
/// from the cluster: its release, BTF (<c>/sys/kernel/btf/vmlinux</c>, which CO-RE needs) and the unified cgroup v2
/// hierarchy (<c>cgroup.controllers</c> at the cgroup root, which the tracer scopes pods by).
/// </summary>
internal sealed record NodeKernel(string? Release, bool Btf, bool CgroupV2)
{
    public static NodeKernel Read(string procRoot, string sysRoot)
    {
        string? release;
        try
        {
            release = File.ReadAllText(Path.Combine(procRoot, "sys", "kernel", "osrelease")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            release = null;
        }

        return new NodeKernel(
            release is { Length: > 0 } ? release : null,
            File.Exists(Path.Combine(sysRoot, "kernel", "btf", "vmlinux")),
            File.Exists(Path.Combine(sysRoot, "fs", "cgroup", "cgroup.controllers")));
    }
}
