using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Profiles;
using Bifrost.Core.Workloads;

namespace Bifrost.Agent.Cluster;

/// <summary>
/// The cluster without an API server (<c>Bifrost:Agent:Local</c>): BifrostProfiles from the webhook's local profile
/// store, pods from the directory the webhook's intake reads them from, the BifrostNode to a file. Both directories
/// are polled; whenever a file appears, goes or changes, the whole directory is read again and sent as a Reset,
/// which costs little at the sizes one machine holds.
/// </summary>
internal sealed class LocalClusterClient(AgentLocalOptions options, TimeProvider time, ILogger<LocalClusterClient> logger) : IClusterClient
{
    public IAsyncEnumerable<ProfileEvent> WatchProfilesAsync(CancellationToken cancellationToken) =>
        PollAsync(options.ProfilesDirectory, SearchOption.AllDirectories,
            files => new ProfileEvent(ProfileEventType.Reset, [.. files.Select(ReadProfile).OfType<BifrostProfile>()]), cancellationToken);

    public IAsyncEnumerable<PodEvent> WatchPodsAsync(string nodeName, CancellationToken cancellationToken) =>
        PollAsync(options.PodsDirectory, SearchOption.TopDirectoryOnly,
            files => new PodEvent(ProfileEventType.Reset, [.. files.Select(f => ReadPod(f, nodeName)).OfType<NodePod>()]), cancellationToken);

    public async Task WriteNodeStatusAsync(string nodeName, BifrostNodeStatus status, CancellationToken cancellationToken)
    {
        var node = new JsonObject
        {
            ["apiVersion"] = $"{BifrostProfile.Group}/{BifrostProfile.Version}",
            ["kind"] = BifrostNode.KindName,
            ["metadata"] = new JsonObject { ["name"] = nodeName },
            ["status"] = JsonSerializer.SerializeToNode(status, ProfileJson.Options),
        };
        var path = options.NodeStatusFile;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written aside and renamed over, so a reader never sees half a file.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, node.ToJsonString(ProfileJson.Options), Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    private async IAsyncEnumerable<T> PollAsync<T>(
        string directory, SearchOption depth, Func<IReadOnlyList<string>, T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? seen = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var files = Directory.Exists(directory)
                ? Directory.EnumerateFiles(directory, "*.json", depth).Order(StringComparer.Ordinal).ToList()
                : [];
            var fingerprint = Fingerprint(files);
            if (fingerprint != seen)
            {
                seen = fingerprint;
                yield return read(files);
            }

            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Fingerprint(IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            if (info.Exists)
                text.Append(file).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return text.ToString();
    }

    private BifrostProfile? ReadProfile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return JsonSerializer.Deserialize<BifrostProfile>(stream, ProfileJson.Options);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            ClusterLog.LocalReadFailed(logger, $"{path}: {e.Message}");
            return null;
        }
    }

    /// <summary>A pod file without <c>spec.nodeName</c> counts as this node's: on one machine every pod is.</summary>
    private NodePod? ReadPod(string path, string nodeName)
    {
        JsonNode? pod;
        try
        {
            pod = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            ClusterLog.LocalReadFailed(logger, $"{path}: {e.Message}");
            return null;
        }

        var boundTo = pod?["spec"]?["nodeName"] is JsonValue value && value.TryGetValue<string>(out var node) ? node : null;
        if (boundTo is not null && boundTo != nodeName)
            return null;
        var profiles = PodProfiles.Read(pod);
        if (profiles.Count == 0)
            return null;
        var name = pod?["metadata"]?["name"] is JsonValue n && n.TryGetValue<string>(out var podName) ? podName : Path.GetFileNameWithoutExtension(path);
        return new NodePod(profiles[0].Workload.Namespace, name, profiles, PodContainers.FromPod(pod!));
    }
}
