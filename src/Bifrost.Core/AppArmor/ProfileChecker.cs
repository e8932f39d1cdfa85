using Bifrost.Core.Observations;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// Replays observations against a compiled profile and lists every access its rules would refuse once enforced.
/// Peers whose label is unknown (signals and ptrace outside the pod) match only rules without a peer condition.
/// </summary>
public static class ProfileChecker
{
    /// <summary>
    /// Denied accesses, in the order of the first observation that needed each. <paramref name="assumeOwner"/> says
    /// whether <c>owner</c> rules apply, since observations do not say who owns a file.
    /// </summary>
    public static IReadOnlyList<ProfileDenial> Check(CompiledProfile profile, IEnumerable<Observation> observations, bool assumeOwner = true)
    {
        var denials = new List<ProfileDenial>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var observation in observations)
        {
            foreach (var access in Denied(profile, observation, assumeOwner))
            {
                if (seen.Add(access))
                    denials.Add(new ProfileDenial(observation, access));
            }
        }
        return denials;
    }

    private static IEnumerable<string> Denied(CompiledProfile profile, Observation observation, bool assumeOwner)
    {
        var self = profile.Profile.Name;
        switch (observation)
        {
            case FileObservation file:
                return File(profile, file.Path, AccessRequirements.ForFile(file.Access), assumeOwner);
            case ExecObservation exec:
                var script = File(profile, exec.Path, AccessRequirements.ForExecutedPath(exec), assumeOwner);
                return exec.Interpreter is null ? script : script.Concat(File(profile, exec.Interpreter, FilePermissions.Exec, assumeOwner));
            case SocketObservation { Family: "unix" } unix:
                var operation = unix.UnixOperation ?? "create";
                var address = unix.UnixPath;
                var unixDenied = profile.AllowsUnix(operation, unix.Type, address) ? [] : new[] { $"unix ({operation}) type={unix.Type}{(address is null ? "" : $" addr={address}")}" };
                return AccessRequirements.IsFilesystemSocket(address)
                    ? unixDenied.Concat(File(profile, address!, AccessRequirements.ForUnixSocketPath, assumeOwner))
                    : unixDenied;
            case SocketObservation socket:
                return profile.AllowsNetwork(socket.Family, socket.Type) ? [] : [$"network {socket.Family} {socket.Type}"];
            case CapabilityObservation capability:
                return profile.AllowsCapability(capability.Name) ? [] : [$"capability {capability.Name}"];
            case SignalObservation signal:
                var name = SignalNames.Name(signal.Signal) ?? signal.Signal.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var peer = signal.SamePod ? self : null;
                return profile.AllowsSignal(name, "send", peer) ? [] : [$"signal (send) set=({name}){(peer is null ? "" : $" peer={peer}")}"];
            case PtraceObservation ptrace:
                var target = ptrace.SamePod ? self : null;
                return profile.AllowsPtrace(ptrace.Mode, target) ? [] : [$"ptrace ({ptrace.Mode}){(target is null ? "" : $" peer={target}")}"];
            case MountObservation mount:
                var mountTarget = AccessRequirements.MountTarget(mount.Target);
                return profile.AllowsMount(mount.Source, mountTarget, mount.FsType)
                    ? []
                    : [$"mount{(mount.FsType is null ? "" : $" fstype={mount.FsType}")}{(mount.Source is null ? "" : $" {mount.Source}")} -> {mountTarget}"];
            default:
                return [$"{observation.GetType().Name} is not understood"];
        }
    }

    private static IEnumerable<string> File(CompiledProfile profile, string path, FilePermissions required, bool assumeOwner)
    {
        var kernelPath = KernelPath.Normalise(path);
        var missing = profile.Files.Evaluate(kernelPath, assumeOwner).Missing(required);
        if (missing == FilePermissions.None)
            return [];
        return [$"{Aare.ToRuleToken(Aare.Escape(kernelPath))} {FilePermissionText.Format(missing, missing.HasFlag(FilePermissions.Exec) ? "x" : null)}"];
    }
}
