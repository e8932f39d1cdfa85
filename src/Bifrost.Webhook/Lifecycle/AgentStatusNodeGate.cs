using System.Text.Json;
using Bifrost.Core.Learning;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Lifecycle;

/// <summary>
/// Local mode beside a node agent in local mode: the agent loads the profiles into this machine's kernel and writes
/// its BifrostNode status to a file (<c>Bifrost:Agent:Local:NodeStatusFile</c>); this gate reads that file once per
/// lifecycle round (<see cref="LoadAsync"/>) and answers from what it read, as the cluster gate answers from the
/// agents' BifrostNodes. It loads nothing itself, so the kernel has one loader.
/// </summary>
internal sealed class AgentStatusNodeGate(string statusFile) : INodeGate, ILoadedProfiles, IProfileLoading
{
    private volatile BifrostNodeStatus? status;
    private string? lastText;

    public string? Missing(RenderedProfile profile)
    {
        if (status is not { } node)
            return $"waiting for the node agent's status in {statusFile}";
        if (node.Profiles.FirstOrDefault(p => p.Name == profile.Name && p.Hash == profile.Hash) is not { } loaded)
            return "the node agent has not loaded this version yet";
        return loaded.State is NodeProfileState.Loaded or NodeProfileState.Compiled
            ? null
            : $"the node agent reports {loaded.State}{(loaded.Message is { Length: > 0 } message ? ": " + message : "")}";
    }

    public string? Failed(RenderedProfile profile) =>
        status?.Profiles.FirstOrDefault(p => p.Name == profile.Name && p.Hash == profile.Hash) is { State: NodeProfileState.Error } failed
            ? $"the node agent failed to load it{(failed.Message is { Length: > 0 } message ? ": " + message : "")}"
            : null;

    public bool IsLoaded(RenderedProfile profile) => Missing(profile) is null;

    /// <summary>Reads the agent's status again; true when it changed. The profiles are the agent's to load.</summary>
    public async Task<bool> LoadAsync(IEnumerable<RenderedProfile> profiles, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(statusFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        if (text == lastText)
            return false;
        try
        {
            // The agent writes its whole BifrostNode; the gate needs its status.
            using var node = JsonDocument.Parse(text);
            if (!node.RootElement.TryGetProperty("status", out var written))
                return false;
            status = written.Deserialize<BifrostNodeStatus>(ProfileJson.Options);
            lastText = text;
            return true;
        }
        catch (JsonException)
        {
            // The agent writes the file whole (a rename); an unreadable one is read again next round.
            return false;
        }
    }
}
