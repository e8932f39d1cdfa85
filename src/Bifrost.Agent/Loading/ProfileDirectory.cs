using Bifrost.Agent.Kernel;
using Bifrost.Core.AppArmor;

namespace Bifrost.Agent.Loading;

/// <summary>
/// Bifrost's directory of profile files on the host. Only marked, intact files named <c>bifrost_*</c> are Bifrost's;
/// a new text is written to a hidden temporary and takes the real name only once the parser accepted it, so the
/// directory the host loads at boot never holds a text the parser rejected.
/// </summary>
internal sealed class ProfileDirectory(string path, ILogger logger)
{
    public string Path { get; } = path;

    /// <summary>The marked, intact Bifrost files, by profile name.</summary>
    public Dictionary<string, ProfileFile> Owned()
    {
        var files = new Dictionary<string, ProfileFile>(StringComparer.Ordinal);
        if (!Directory.Exists(Path))
            return files;
        foreach (var file in Directory.EnumerateFiles(Path))
        {
            var name = System.IO.Path.GetFileName(file);
            if (name.StartsWith('.'))
                continue;
            var content = File.ReadAllText(file);
            if (ProfileFile.Parse(name, content) is { } profile)
                files[name] = profile;
            else if (name.StartsWith(ProfileNames.Prefix, StringComparison.Ordinal) && ProfileFile.IsMarked(content))
                LoaderLog.IgnoredFile(logger, file);
        }

        return files;
    }

    /// <summary>Whether the directory holds exactly this version of the profile.</summary>
    public bool Holds(ProfileFile profile)
    {
        var file = System.IO.Path.Combine(Path, profile.Name);
        return File.Exists(file) && ProfileFile.Parse(profile.Name, File.ReadAllText(file))?.Hash == profile.Hash;
    }

    public async Task<ParserResult> WriteAndLoadAsync(ProfileFile profile, IAppArmorKernel kernel, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path);
        var temporary = System.IO.Path.Combine(Path, $".{profile.Name}.new");
        await File.WriteAllTextAsync(temporary, profile.Render(), cancellationToken).ConfigureAwait(false);
        var result = await kernel.LoadAsync(temporary, cancellationToken).ConfigureAwait(false);
        if (result.Success)
            File.Move(temporary, System.IO.Path.Combine(Path, profile.Name), overwrite: true);
        else
            File.Delete(temporary);
        return result;
    }

    public void Delete(string name) => File.Delete(System.IO.Path.Combine(Path, name));
}
