using Bifrost.Core.Observations;
using Bifrost.Tracing.Native;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Turns kernel records into observations. Holds the one piece of state that spans records: a script's exec
/// (which names its interpreter) waits for the interpreter's open of the script, which names the script.
/// </summary>
internal sealed class EventTranslator
{
    private const uint FownerCapability = 3;
    private const uint ChmodOperation = 7;
    private const uint FchmodatOperation = 9;

    private readonly Dictionary<int, PendingScript> pendingScripts = [];
    private readonly string? procRoot;

    /// <param name="procRoot">Where other processes' roots are reachable (<c>/proc</c>), or null to stat paths as they are.</param>
    public EventTranslator(string? procRoot = "/proc") => this.procRoot = procRoot;

    public void Translate(TraceEvent e, string container, ICollection<Observation> output)
    {
        switch (e.Kind)
        {
            case EventKind.File when e.Text1 is not null:
                output.Add(new FileObservation { Container = container, Path = DirectoryAware(e.Text1, e.B != 0), Access = (AccessMask)e.A });
                break;
            case EventKind.Exec when e.Text1 is not null:
                if (e.A != 0)
                {
                    pendingScripts[e.Pid] = new PendingScript(container, e.Text1, e.Text2);
                }
                else
                {
                    output.Add(new ExecObservation { Container = container, Path = e.Text1 });
                }
                break;
            case EventKind.Script when e.Text1 is not null:
                if (pendingScripts.Remove(e.Pid, out var pending))
                {
                    output.Add(new ExecObservation { Container = pending.Container, Path = e.Text1, Interpreter = pending.Interpreter });
                }
                break;
            case EventKind.Socket:
                output.Add(new SocketObservation { Container = container, Family = LinuxNames.Family(e.A), Type = LinuxNames.SocketType(e.B), Protocol = (int)e.C });
                break;
            case EventKind.Unix:
                output.Add(new SocketObservation
                {
                    Container = container,
                    Family = "unix",
                    Type = LinuxNames.SocketType(e.B),
                    UnixPath = e.Text1 ?? Abstract(e.Text2),
                    UnixOperation = e.A == 1 ? "connect" : "bind",
                });
                break;
            case EventKind.Capability:
                output.Add(new CapabilityObservation { Container = container, Name = LinuxNames.Capability(e.A), Inferred = e.B != 0 });
                break;
            case EventKind.Signal:
                output.Add(new SignalObservation { Container = container, Signal = (int)e.A, SamePod = e.B != 0 });
                break;
            case EventKind.Ptrace:
                output.Add(new PtraceObservation { Container = container, Mode = e.A == 1 ? "trace" : "read", SamePod = e.B != 0 });
                break;
            case EventKind.Mount:
                output.Add(new MountObservation { Container = container, Target = PathText.Join(e.Text1, e.Text2), Source = e.Text3, FsType = e.Text4 });
                break;
            case EventKind.PathOperation:
                TranslatePathOperation(e, container, output);
                break;
            default:
                break;
        }
    }

    /// <summary>Scripts whose interpreter never opened them (it failed first) keep the name exec was given.</summary>
    public void FlushPending(ICollection<Observation> output)
    {
        foreach (var (_, p) in pendingScripts)
        {
            if (p.Name is not null)
            {
                output.Add(new ExecObservation { Container = p.Container, Path = PathText.Normalize(p.Name), Interpreter = p.Interpreter });
            }
        }
        pendingScripts.Clear();
    }

    private void TranslatePathOperation(TraceEvent e, string container, ICollection<Observation> output)
    {
        var path = PathText.Join(e.Text1, e.Text2);
        if (e.B is ChmodOperation or FchmodatOperation)
        {
            // chmod needs CAP_FOWNER only on a file the caller does not own.
            var owner = Libc.OwnerOf(procRoot is null ? path : $"{procRoot}/{e.Pid}/root{path}");
            if (owner is { } uid && uid != e.C)
            {
                output.Add(new CapabilityObservation { Container = container, Name = LinuxNames.Capability(FownerCapability), Inferred = true });
            }
            return;
        }
        output.Add(new FileObservation { Container = container, Path = path, Access = (AccessMask)e.A });
    }

    // AppArmor tells directories from files by a trailing slash.
    private static string DirectoryAware(string path, bool directory) =>
        directory && !path.EndsWith('/') ? path + "/" : path;

    private static string? Abstract(string? name) =>
        name is null ? null : name.StartsWith('\0') ? "@" + name[1..].TrimEnd('\0') : name;

    private sealed record PendingScript(string Container, string Interpreter, string? Name);
}
