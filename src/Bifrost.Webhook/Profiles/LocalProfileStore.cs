using System.Globalization;
using System.Text.Json;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Profiles;

/// <summary>
/// The embedded default store: one JSON file per workload under <c>&lt;root&gt;/&lt;namespace&gt;/&lt;name&gt;.json</c>.
/// A write takes an exclusive lock on the file's lock file (so two processes cannot interleave a read-modify-write),
/// checks the version, writes a temporary file, flushes it to disk and renames it over the old one, so a reader
/// or a crash only ever sees a whole file.
/// </summary>
internal sealed class LocalProfileStore(string root, TimeProvider time) : IProfileStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public string Root { get; } = Path.GetFullPath(root);

    public async Task<BifrostProfile?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var path = PathOf(@namespace, name);
        return File.Exists(path) ? await ReadAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task<IReadOnlyList<BifrostProfile>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
            return [];
        var profiles = new List<BifrostProfile>();
        foreach (var path in Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            profiles.Add(await ReadAsync(path, cancellationToken).ConfigureAwait(false));
        return profiles;
    }

    public Task<BifrostProfile> CreateAsync(BifrostProfile profile, CancellationToken cancellationToken) =>
        WriteLockedAsync(profile.Metadata.Namespace, profile.Metadata.Name, current =>
        {
            if (current is not null)
                throw new ProfileConflictException(profile.Metadata.Namespace, profile.Metadata.Name, "already exists");
            return profile with
            {
                Metadata = profile.Metadata with { ResourceVersion = "1", Generation = 1, CreationTimestamp = time.GetUtcNow(), Uid = Guid.NewGuid().ToString() },
            };
        }, cancellationToken);

    public Task<BifrostProfile> UpdateStatusAsync(BifrostProfile profile, CancellationToken cancellationToken) =>
        WriteLockedAsync(profile.Metadata.Namespace, profile.Metadata.Name, current =>
        {
            if (current is null)
                throw new ProfileConflictException(profile.Metadata.Namespace, profile.Metadata.Name, "does not exist");
            if (current.Metadata.ResourceVersion != profile.Metadata.ResourceVersion)
                throw new ProfileConflictException(profile.Metadata.Namespace, profile.Metadata.Name,
                    $"version {profile.Metadata.ResourceVersion} is stale, stored is {current.Metadata.ResourceVersion}");
            var next = long.Parse(current.Metadata.ResourceVersion ?? "0", CultureInfo.InvariantCulture) + 1;
            return current with
            {
                Metadata = current.Metadata with { ResourceVersion = next.ToString(CultureInfo.InvariantCulture) },
                Status = profile.Status,
            };
        }, cancellationToken);

    private async Task<BifrostProfile> WriteLockedAsync(string @namespace, string name, Func<BifrostProfile?, BifrostProfile> change, CancellationToken cancellationToken)
    {
        var path = PathOf(@namespace, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var fileLock = await AcquireLockAsync(path + ".lock", cancellationToken).ConfigureAwait(false);

        var current = File.Exists(path) ? await ReadAsync(path, cancellationToken).ConfigureAwait(false) : null;
        var updated = change(current);

        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(updated, ProfileJson.Options);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None))
            {
                await stream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return updated;
    }

    private static async Task<FileStream> AcquireLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        // FileShare.None takes an exclusive advisory lock (flock) on Unix, which other processes honour too.
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<BifrostProfile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        // Read whole, then parsed in one synchronous pass: a profile is small, and parsing from the stream cost the
        // flusher, which reads every workload it merges, several times as much.
        byte[] json;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, useAsync: false))
        {
            json = new byte[stream.Length];
            await stream.ReadExactlyAsync(json, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return JsonSerializer.Deserialize<BifrostProfile>(json, ProfileJson.Options)
                ?? throw new InvalidDataException($"{path}: empty profile");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a BifrostProfile: {e.Message}", e);
        }
    }

    private string PathOf(string @namespace, string name)
    {
        foreach (var part in new[] { @namespace, name })
        {
            if (part.Length == 0 || part.Contains('/', StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal) || part[0] == '.')
                throw new ArgumentException($"'{part}' is not a Kubernetes object name");
        }

        return Path.Combine(Root, @namespace, name + ".json");
    }
}
