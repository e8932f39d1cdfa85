using System.Collections.Concurrent;
using System.Diagnostics;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// The one machine of local mode as its own node: where the kernel has AppArmor, the profile is loaded for real
/// (<c>apparmor_parser -r</c>); where it has none, it is compiled (<c>-Q</c>) and that is what counts, and is said.
/// <see cref="LoadAsync"/> handles each version once, as the lifecycle asks; <see cref="Missing"/> and
/// <see cref="IsLoaded"/> read the outcomes from memory and never run the parser.
/// </summary>
internal sealed class LocalNodeGate(string parserPath, string securityFs = "/sys/kernel/security/apparmor") : INodeGate, ILoadedProfiles, IProfileLoading
{
    private readonly ConcurrentDictionary<string, string?> outcomes = new(StringComparer.Ordinal);

    public bool KernelHasAppArmor => Directory.Exists(securityFs);

    public string? Missing(RenderedProfile profile) =>
        outcomes.TryGetValue(KeyOf(profile), out var missing) ? missing : "not yet handed to apparmor_parser on this machine";

    /// <summary>What the parser said when it refused the version (or could not run); null until then, and once it took it.</summary>
    public string? Failed(RenderedProfile profile) =>
        outcomes.TryGetValue(KeyOf(profile), out var failed) ? failed : null;

    public bool IsLoaded(RenderedProfile profile) =>
        outcomes.TryGetValue(KeyOf(profile), out var missing) && missing is null;

    public async Task<bool> LoadAsync(IEnumerable<RenderedProfile> profiles, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var profile in profiles)
        {
            if (outcomes.ContainsKey(KeyOf(profile)))
                continue;
            outcomes[KeyOf(profile)] = await ApplyAsync(profile, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed;
    }

    private static string KeyOf(RenderedProfile profile) => $"{profile.Name}@{profile.Hash}";

    private async Task<string?> ApplyAsync(RenderedProfile profile, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bifrost-{profile.Name}-{profile.Hash[..12]}.apparmor");
        await File.WriteAllTextAsync(file, profile.Text, cancellationToken).ConfigureAwait(false);
        try
        {
            var start = new ProcessStartInfo(parserPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in KernelHasAppArmor ? new[] { "-r", "-K", file } : ["-Q", "-K", file])
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {parserPath}");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await output.ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? null : $"apparmor_parser refused it: {errors.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run {parserPath}: {e.Message} (install the apparmor package)";
        }
        finally
        {
            File.Delete(file);
        }
    }
}
