using System.Text.Json;

namespace Bifrost.Agent.Loading;

/// <summary>Keeps <see cref="LoaderState"/> in a JSON file, replaced atomically so a crash never leaves half a record.</summary>
internal sealed class LoaderStateStore(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public LoaderState Load()
    {
        if (!File.Exists(Path))
            return new LoaderState();
        try
        {
            var state = JsonSerializer.Deserialize<LoaderState>(File.ReadAllText(Path), Json);
            return state is null ? new LoaderState() : new LoaderState { Profiles = new(state.Profiles, StringComparer.Ordinal) };
        }
        catch (JsonException)
        {
            // A damaged record loses nothing that matters: the marked files in the profile directory still say what is Bifrost's.
            return new LoaderState();
        }
    }

    /// <summary>Removes the record (uninstall).</summary>
    public void Delete()
    {
        File.Delete(Path);
        File.Delete(Path + ".tmp");
    }

    public void Save(LoaderState state)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, Json));
        File.Move(temporary, Path, overwrite: true);
    }
}
