namespace Bifrost.Agent.Kernel;

/// <summary>
/// The node's real AppArmor: the host's apparmor_parser loads (<c>-r</c>) or, where the kernel has no AppArmor,
/// only compiles (<c>-Q</c>); the kernel's profile list and <c>.remove</c> file in securityfs; task labels under /proc.
/// </summary>
internal sealed class AppArmorKernel(AgentOptions options) : IAppArmorKernel
{
    private readonly ParserRunner parser = new(options.ParserPath, options.ParserTimeout);

    private string ProfilesFile => Path.Combine(options.SecurityFsDirectory, "profiles");

    public bool Enabled => File.Exists(ProfilesFile);

    public Task<ParserResult> LoadAsync(string path, CancellationToken cancellationToken) =>
        parser.RunAsync(ParserArguments.Load(options, Enabled, path), cancellationToken);

    public async Task<ParserResult> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        if (!Enabled)
            return ParserResult.Ok;
        try
        {
            // The kernel's own interface: writing a profile's name to .remove unloads it, no file needed.
            await File.WriteAllTextAsync(Path.Combine(options.SecurityFsDirectory, ".remove"), name, cancellationToken).ConfigureAwait(false);
            return ParserResult.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ParserResult.Failed($"removing {name}: {e.Message}");
        }
    }

    public IReadOnlyDictionary<string, string> ListLoaded() => KernelProfileList.Read(ProfilesFile);

    public IReadOnlySet<string> ConfinedProfiles() => ProcLabels.ConfinedProfiles(options.ProcRoot);
}
