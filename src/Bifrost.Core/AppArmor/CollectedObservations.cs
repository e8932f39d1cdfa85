using Bifrost.Core.Observations;

namespace Bifrost.Core.AppArmor;

/// <summary>Observations folded into sorted sets, one per rule kind; file accesses merged per path.</summary>
internal sealed class CollectedObservations
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    public Dictionary<string, FilePermissions> Files { get; } = new(Ordinal);

    /// <summary>Paths the workload created, for <see cref="GeneralisationRules.CreatedFileNumber"/>.</summary>
    public HashSet<string> Created { get; } = new(Ordinal);
    public SortedSet<string> Capabilities { get; } = new(Ordinal);
    public SortedSet<(string Family, string Type)> Networks { get; } = new(Comparer<(string, string)>.Create((a, b) => CompareOrdinal(a, b)));
    public SortedSet<(string Name, bool SamePod)> Signals { get; } = new(Comparer<(string N, bool S)>.Create((a, b) => a.S != b.S ? a.S.CompareTo(b.S) : SignalOrder(a.N).CompareTo(SignalOrder(b.N))));
    public SortedSet<(string Mode, bool SamePod)> Ptraces { get; } = new(Comparer<(string M, bool S)>.Create((a, b) => a.S != b.S ? a.S.CompareTo(b.S) : Ordinal.Compare(a.M, b.M)));
    public SortedSet<(string? FsType, string? Source, string Target)> Mounts { get; } = new(Comparer<(string? F, string? S, string T)>.Create((a, b) =>
        Ordinal.Compare(a.T, b.T) is var t && t != 0 ? t : Ordinal.Compare(a.F, b.F) is var f && f != 0 ? f : Ordinal.Compare(a.S, b.S)));

    /// <summary>Warnings for observations no rule is written for; sets, so duplicates count once.</summary>
    public SortedSet<string> Warnings { get; } = new(Ordinal);

    public void Add(Observation observation)
    {
        switch (observation)
        {
            case FileObservation file:
                AddFile(file.Path, AccessRequirements.ForFile(file.Access));
                if (file.Access.HasFlag(AccessMask.Create))
                    Created.Add(file.Path);
                break;
            case ExecObservation exec:
                AddFile(exec.Path, AccessRequirements.ForExecutedPath(exec));
                if (exec.Interpreter is not null)
                    AddFile(exec.Interpreter, FilePermissions.Exec);
                break;
            case SocketObservation socket:
                AddSocket(socket);
                break;
            case CapabilityObservation capability when CapabilityNames.Known.Contains(capability.Name):
                Capabilities.Add(capability.Name);
                break;
            case CapabilityObservation capability:
                Warnings.Add($"capability '{capability.Name}' is unknown to apparmor_parser 3.0; no rule written");
                break;
            case SignalObservation signal when SignalNames.Name(signal.Signal) is { } name:
                Signals.Add((name, signal.SamePod));
                break;
            case SignalObservation signal:
                Warnings.Add($"signal {signal.Signal} is not a Linux signal; no rule written");
                break;
            case PtraceObservation { Mode: "read" or "trace" } ptrace:
                Ptraces.Add((ptrace.Mode, ptrace.SamePod));
                break;
            case PtraceObservation ptrace:
                Warnings.Add($"ptrace mode '{ptrace.Mode}' is not read or trace; no rule written");
                break;
            case MountObservation mount:
                AddMount(mount);
                break;
        }
    }

    private void AddFile(string path, FilePermissions permissions)
    {
        if (permissions == FilePermissions.None)
            return;
        Files[path] = Files.GetValueOrDefault(path) | permissions;
    }

    private void AddSocket(SocketObservation socket)
    {
        if (!NetworkNames.Families.Contains(socket.Family) || !NetworkNames.Types.Contains(socket.Type))
        {
            Warnings.Add($"socket family '{socket.Family}' type '{socket.Type}' is unknown to apparmor_parser 3.0; no rule written");
            return;
        }
        Networks.Add((socket.Family, socket.Type));
        if (socket.Family == "unix" && AccessRequirements.IsFilesystemSocket(socket.UnixPath))
            AddFile(socket.UnixPath!, FilePermissions.Read | AccessRequirements.ForUnixSocketPath);
    }

    private void AddMount(MountObservation mount)
    {
        if (mount.FsType is not null && !mount.FsType.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            Warnings.Add($"mount of filesystem type '{mount.FsType}' cannot be written as a rule; no rule written");
            return;
        }
        if (!PathText.IsUsable(mount.Target, out var reason) || (mount.Source is not null && !PathText.IsUsable(mount.Source, out reason, requireAbsolute: false)))
        {
            Warnings.Add($"mount on '{mount.Target}': {reason}; no rule written");
            return;
        }
        var target = Aare.Escape(AccessRequirements.MountTarget(mount.Target));
        Mounts.Add((mount.FsType, mount.Source is null ? null : Aare.Escape(mount.Source), target));
    }

    private static int CompareOrdinal((string, string) a, (string, string) b) =>
        Ordinal.Compare(a.Item1, b.Item1) is var first && first != 0 ? first : Ordinal.Compare(a.Item2, b.Item2);

    private static int SignalOrder(string name) =>
        Enumerable.Range(0, SignalNames.Max + 1).FirstOrDefault(n => SignalNames.Name(n) == name);
}
