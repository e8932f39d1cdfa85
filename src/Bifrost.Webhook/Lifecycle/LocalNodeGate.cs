using System.Collections.Concurrent;
using System.Diagnostics;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// The one machine of local mode as its own node: where the kernel has AppArmor, the profile is loaded for real
/// (<c>apparmor_parser -r</c>); where it has none, it is compiled (<c>-Q</c>) and that is what counts, and is said.
/// Each version is handled once; admission reads the outcome from memory.
/// </summary>
internal sealed class LocalNodeGate(string parserPath, string securityFs = "/sys/kernel/security/apparmor") : INodeGate, ILoadedProfiles
{
    private readonly ConcurrentDictionary<string, string?> outcomes = new(StringComparer.Ordinal);

    public bool KernelHasAppArmor => Directory.Exists(securityFs);

    public string? Missing(RenderedProfile profile) =>
        outcomes.GetOrAdd($"{profile.Name}@{profile.Hash}", _ => Apply(profile));

    public bool IsLoaded(RenderedProfile profile) =>
        outcomes.TryGetValue($"{profile.Name}@{profile.Hash}", out var missing) && missing is null;

    private string? Apply(RenderedProfile profile)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bifrost-{profile.Name}-{profile.Hash[..12]}.apparmor");
        File.WriteAllText(file, profile.Text);
        try
        {
            var start = new ProcessStartInfo(parserPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in KernelHasAppArmor ? new[] { "-r", "-K", file } : ["-Q", "-K", file])
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {parserPath}");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
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
