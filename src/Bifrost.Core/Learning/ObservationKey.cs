using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Learning;

/// <summary>
/// The identity of an observation once generalised: <c>/proc/1234/stat</c> and <c>/proc/99/stat</c> share one key,
/// so a workload's learned state keeps one raw representative of each and stays bounded across pods and restarts,
/// while the generator, which takes raw kernel paths, renders the same rules from the representatives.
/// </summary>
public static class ObservationKey
{
    public static string Of(Observation observation) => observation switch
    {
        FileObservation file => Join(file.Container, "file", PathGeneraliser.Generalise(file.Path)),
        ExecObservation exec => Join(exec.Container, "exec", PathGeneraliser.Generalise(exec.Path), exec.Interpreter is null ? "" : PathGeneraliser.Generalise(exec.Interpreter)),
        SocketObservation { UnixPath: { } unixPath } socket when unixPath.StartsWith('/') =>
            Join(socket.Container, "socket", socket.Family, socket.Type, socket.Protocol.ToString(System.Globalization.CultureInfo.InvariantCulture), PathGeneraliser.Generalise(unixPath), socket.UnixOperation ?? ""),
        MountObservation mount => Join(mount.Container, "mount", mount.Source ?? "", PathGeneraliser.Generalise(mount.Target), mount.FsType ?? ""),
        _ => observation.ToString(),
    };

    private static string Join(params string[] parts) => string.Join('\0', parts);
}
