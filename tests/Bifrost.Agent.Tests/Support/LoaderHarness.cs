using Bifrost.Agent.Loading;
using Bifrost.Core.Profiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bifrost.Agent.Tests.Support;

/// <summary>A loader over a fake AppArmor filesystem in a temporary directory; <see cref="Restart"/> makes a new agent over the same host.</summary>
internal sealed class LoaderHarness : IDisposable
{
    private readonly TempDirectory root = new();

    public LoaderHarness(bool enabled = true, int parserConcurrency = 2)
    {
        Kernel = new FakeAppArmorFs(root, enabled);
        Options = new AgentOptions
        {
            NodeName = "node-1",
            ProfileDirectory = root.Combine("etc", "apparmor.d", "bifrost"),
            StateFile = root.Combine("var", "lib", "bifrost", "agent-state.json"),
            ParserPath = Tools.Parser,
            SecurityFsDirectory = Kernel.SecurityFs,
            ProcRoot = Kernel.ProcRoot,
            ParserConcurrency = parserConcurrency,
        };
        Loader = Create();
    }

    public FakeAppArmorFs Kernel { get; }
    public AgentOptions Options { get; }
    public ProfileLoader Loader { get; private set; }

    public string FileOf(string name) => Path.Combine(Options.ProfileDirectory, name);

    public Task<IReadOnlyList<NodeProfileStatus>> Reconcile(params RenderedProfile[] desired) =>
        Loader.ReconcileAsync(desired, CancellationToken.None);

    /// <summary>A new agent process on the same host: same directory, state file and kernel.</summary>
    public ProfileLoader Restart() => Loader = Create();

    private ProfileLoader Create() =>
        new(Kernel, new LoaderStateStore(Options.StateFile), Options, TimeProvider.System, NullLogger<ProfileLoader>.Instance);

    public void Dispose() => root.Dispose();
}
