using System.Globalization;
using System.Text.RegularExpressions;
using Bifrost.Agent.Kernel;

namespace Bifrost.Agent.Tests.Support;

/// <summary>
/// A kernel made of files: a securityfs <c>profiles</c> list and /proc task labels in a temporary directory, read with
/// the agent's real readers. Loading compiles with the real apparmor_parser (<c>-Q -K</c>) first, so every profile a
/// test loads is one the real parser accepts, then lists the profile the way the kernel would.
/// </summary>
internal sealed partial class FakeAppArmorFs(TempDirectory root, bool enabled = true) : IAppArmorKernel
{
    private readonly ParserRunner parser = new(Tools.Parser, TimeSpan.FromSeconds(60));

    public string SecurityFs { get; } = Directory.CreateDirectory(root.Combine("securityfs")).FullName;
    public string ProcRoot { get; } = Directory.CreateDirectory(root.Combine("proc")).FullName;
    public string ProfilesFile => Path.Combine(SecurityFs, "profiles");

    public bool Enabled { get; } = enabled;

    /// <summary>Parser runs so far: a reconcile with nothing to do runs none.</summary>
    public int Loads => loads;

    private int loads;

    // The kernel applies loads one at a time. The loader runs several parsers at once and their completions can
    // arrive together, so every read-modify-write of the list holds this lock or one load overwrites another's entry.
    private readonly Lock list = new();

    /// <summary>When set, the next load succeeds in the parser but the kernel does not list the profile.</summary>
    public bool LoseNextLoad { get; set; }

    public async Task<ParserResult> LoadAsync(string path, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref loads);
        var result = await parser.RunAsync(["-Q", "-K", path], cancellationToken);
        if (!result.Success || !Enabled)
            return result;
        if (LoseNextLoad)
        {
            LoseNextLoad = false;
            return result;
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var declaration = Declaration().Match(text);
        var mode = declaration.Groups["flags"].Value.Contains("complain", StringComparison.Ordinal) ? "complain" : "enforce";
        List(declaration.Groups["name"].Value, mode);
        return result;
    }

    public Task<ParserResult> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        Update(profiles => profiles.Where(p => p.Key != name));
        return Task.FromResult(ParserResult.Ok);
    }

    public IReadOnlyDictionary<string, string> ListLoaded() => KernelProfileList.Read(ProfilesFile);

    public IReadOnlySet<string> ConfinedProfiles() => ProcLabels.ConfinedProfiles(ProcRoot);

    /// <summary>Puts a profile in the kernel's list as if someone else had loaded it.</summary>
    public void List(string name, string mode) => Update(profiles => profiles.Where(p => p.Key != name).Append(new(name, mode)));

    /// <summary>Empties the kernel's list, as a reboot does.</summary>
    public void Reboot() => Update(_ => []);

    /// <summary>Starts a task with the given label (<c>name (mode)</c>); returns its pid.</summary>
    public int StartTask(string label, bool stackedAttr = false)
    {
        var pid = Directory.GetDirectories(ProcRoot).Length + 100;
        var attr = Directory.CreateDirectory(Path.Combine(ProcRoot, pid.ToString(CultureInfo.InvariantCulture), "attr", stackedAttr ? "apparmor" : "")).FullName;
        File.WriteAllText(Path.Combine(attr, "current"), label + "\n");
        return pid;
    }

    public void EndTask(int pid) => Directory.Delete(Path.Combine(ProcRoot, pid.ToString(CultureInfo.InvariantCulture)), recursive: true);

    // Replaced whole, so a reader never sees the list half written, as with the kernel's own.
    private void Update(Func<IEnumerable<KeyValuePair<string, string>>, IEnumerable<KeyValuePair<string, string>>> change)
    {
        lock (list)
        {
            var temporary = $"{ProfilesFile}.{Guid.NewGuid():N}.tmp";
            File.WriteAllLines(temporary, change(KernelProfileList.Read(ProfilesFile)).Select(p => $"{p.Key} ({p.Value})"));
            File.Move(temporary, ProfilesFile, overwrite: true);
        }
    }

    [GeneratedRegex(@"^\s*profile\s+(?<name>\S+)(\s+flags=\((?<flags>[^)]*)\))?", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
