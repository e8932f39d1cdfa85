using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Bifrost.Webhook.Tests.Kubernetes;

/// <summary>The objects, the event history and the open watches of <see cref="FakeApiServer"/>; one lock guards all of it.</summary>
internal sealed class FakeApiState
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> objects = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Plural, string Type, JsonObject Object, JsonObject? Before)> history = [];
    private readonly List<Watch> watches = [];
    private readonly List<RecordedPatch> patches = [];
    private TaskCompletionSource listsReleased = Released();
    private long version = 100;
    private long compactedAt;
    private int listRequests;
    private int refusedForSize;

    private JsonObject? serverVersion = VersionInfo("1", "31", "v1.31.4");
    private int versionReads;

    /// <summary>What <c>GET /version</c> answers; null makes it fail with a 503, as a server that is down.</summary>
    public JsonObject? ServerVersion
    {
        get { lock (gate) return serverVersion?.DeepClone().AsObject(); }
        set { lock (gate) serverVersion = value; }
    }

    public int VersionReads { get { lock (gate) return versionReads; } }

    public static JsonObject VersionInfo(string major, string minor, string gitVersion) => new()
    {
        ["major"] = major,
        ["minor"] = minor,
        ["gitVersion"] = gitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.4",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public (HttpStatusCode, JsonObject) Version()
    {
        lock (gate)
        {
            versionReads++;
            return serverVersion is null
                ? (HttpStatusCode.ServiceUnavailable, Status(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "the API server is unavailable"))
                : (HttpStatusCode.OK, serverVersion.DeepClone().AsObject());
        }
    }

    /// <summary>Lists per resource, and the resource version each watch started from.</summary>
    public List<string> Lists { get; } = [];

    public List<(string Plural, string From)> Watches { get; } = [];

    /// <summary>Most items per list page; the client asks for 500, a server may return fewer with a continue token.</summary>
    public int PageSize { get; set; } = int.MaxValue;

    public long ResourceVersion { get { lock (gate) return version; } }

    /// <summary>Every PATCH request, as sent.</summary>
    public IReadOnlyList<RecordedPatch> Patches { get { lock (gate) return [.. patches]; } }

    /// <summary>An object as stored, or null.</summary>
    public JsonObject? Find(string plural, string key) { lock (gate) return Collection(plural).GetValueOrDefault(key)?.DeepClone().AsObject(); }

    public int OpenWatches(string plural) { lock (gate) return watches.Count(w => w.Plural == plural); }

    public int ListCalls(string plural) { lock (gate) return Lists.Count(p => p == plural); }

    public IReadOnlyList<string> WatchedFrom(string plural) { lock (gate) return [.. Watches.Where(w => w.Plural == plural).Select(w => w.From)]; }

    /// <summary>List requests wait until <see cref="ReleaseLists"/>.</summary>
    public void HoldLists() { lock (gate) listsReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); }

    public void ReleaseLists() { lock (gate) listsReleased.TrySetResult(); }

    /// <summary>List requests that arrived, answered or held.</summary>
    public int ListRequests { get { lock (gate) return listRequests; } }

    public Task WaitForListsAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            listRequests++;
            return listsReleased.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Adds or replaces an object as a controller or agent would, with its watch event.</summary>
    public void Put(string plural, JsonObject item, bool silently = false)
    {
        lock (gate)
        {
            var key = KeyOf(item);
            var collection = Collection(plural);
            var before = collection.GetValueOrDefault(key);
            item["metadata"]!["resourceVersion"] = Next();
            item["metadata"]!.AsObject().TryAdd("uid", Guid.NewGuid().ToString());
            item["metadata"]!.AsObject().TryAdd("generation", 1L);
            collection[key] = item;
            if (!silently)
                Record(plural, before is null ? "ADDED" : "MODIFIED", item, before);
        }
    }

    public void Delete(string plural, string key, bool silently = false)
    {
        lock (gate)
        {
            if (!Collection(plural).Remove(key, out var gone))
                return;
            gone["metadata"]!["resourceVersion"] = Next();
            if (!silently)
                Record(plural, "DELETED", gone, null);
        }
    }

    /// <summary>Forgets all history: open watches end with an ERROR 410 event, and so does any watch from an older version.</summary>
    public void Compact()
    {
        lock (gate)
        {
            compactedAt = version;
            foreach (var watch in watches)
                watch.Lines.Writer.TryWrite(GoneEvent(watch.From));
            EndWatchesLocked();
        }
    }

    /// <summary>Sends a bookmark with the current resource version to every open watch.</summary>
    public void Bookmark(string plural, string kind)
    {
        lock (gate)
        {
            var mark = new JsonObject { ["type"] = "BOOKMARK", ["object"] = new JsonObject { ["kind"] = kind, ["metadata"] = new JsonObject { ["resourceVersion"] = Next() } } };
            foreach (var watch in watches.Where(w => w.Plural == plural))
                watch.Lines.Writer.TryWrite(mark.ToJsonString());
        }
    }

    /// <summary>Ends every open watch normally, as the API server does when a watch's timeout is up.</summary>
    public void EndWatches() { lock (gate) EndWatchesLocked(); }

    public JsonObject List(string plural, string selector, string continueToken, string? ns = null)
    {
        lock (gate)
        {
            Lists.Add(plural);
            var all = Collection(plural).Values.Where(o => Matches(o, selector) && (ns is null || o["metadata"]?["namespace"]?.GetValue<string>() == ns)).ToList();
            var start = continueToken is { Length: > 0 } ? int.Parse(continueToken, CultureInfo.InvariantCulture) : 0;
            var page = all.Skip(start).Take(PageSize).ToList();
            var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
            if (start + page.Count < all.Count)
                metadata["continue"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
            return new JsonObject { ["kind"] = "List", ["metadata"] = metadata, ["items"] = new JsonArray([.. page.Select(o => o.DeepClone())]) };
        }
    }

    public (HttpStatusCode, JsonObject) Get(string plural, string key)
    {
        lock (gate)
        {
            return Collection(plural).TryGetValue(key, out var found)
                ? (HttpStatusCode.OK, found.DeepClone().AsObject())
                : (HttpStatusCode.NotFound, Status(HttpStatusCode.NotFound, "NotFound", $"{plural} \"{key}\" not found"));
        }
    }

    /// <summary>As the API server: refuses a resource version, sets uid and creation time, drops status (it has a subresource).</summary>
    public (HttpStatusCode, JsonObject) Create(string plural, string ns, JsonObject body)
    {
        lock (gate)
        {
            var metadata = body["metadata"]!.AsObject();
            if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } generate)
                metadata["name"] = generate + Guid.NewGuid().ToString("N")[..5];
            if (metadata["resourceVersion"] is not null)
                return (HttpStatusCode.InternalServerError, Status(HttpStatusCode.InternalServerError, "InternalError", "resourceVersion should not be set on objects to be created"));
            metadata["namespace"] = ns;
            var key = KeyOf(body);
            if (Collection(plural).ContainsKey(key))
                return (HttpStatusCode.Conflict, Status(HttpStatusCode.Conflict, "AlreadyExists", $"{plural} \"{key}\" already exists"));
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = "2025-03-04T05:06:07Z";
            metadata["generation"] = 1L;
            body.Remove("status");
            Put(plural, body);
            return (HttpStatusCode.Created, body.DeepClone().AsObject());
        }
    }

    /// <summary>etcd's default request limit: the API server passes on its refusal of a larger object.</summary>
    public const int EtcdRequestLimit = 1536 * 1024;

    /// <summary>Changes kept for watches to resume from; older ones are compacted away. Unbounded unless set.</summary>
    public int HistoryLimit { get; set; } = int.MaxValue;

    /// <summary>Status writes refused for their size.</summary>
    public int RefusedForSize { get { lock (gate) return refusedForSize; } }

    private JsonObject? TooLarge(JsonObject stored)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(stored.ToJsonString()) <= EtcdRequestLimit)
            return null;
        refusedForSize++;
        return Status(HttpStatusCode.InternalServerError, "InternalError", "etcdserver: request is too large");
    }

    /// <summary>As the API server's status subresource: only status changes, and only from the stored resource version.</summary>
    public (HttpStatusCode, JsonObject) ReplaceStatus(string plural, string key, JsonObject body)
    {
        lock (gate)
        {
            if (!Collection(plural).TryGetValue(key, out var stored))
                return (HttpStatusCode.NotFound, Status(HttpStatusCode.NotFound, "NotFound", $"{plural} \"{key}\" not found"));
            var sent = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            var current = stored["metadata"]!["resourceVersion"]!.GetValue<string>();
            if (sent != current)
                return (HttpStatusCode.Conflict, Status(HttpStatusCode.Conflict, "Conflict",
                    $"Operation cannot be fulfilled on {plural} \"{key}\": the object has been modified; please apply your changes to the latest version and try again"));
            var next = stored.DeepClone().AsObject();
            next["status"] = body["status"]?.DeepClone();
            if (TooLarge(next) is { } refused)
                return (HttpStatusCode.InternalServerError, refused);
            Put(plural, next);
            return (HttpStatusCode.OK, next.DeepClone().AsObject());
        }
    }

    /// <summary>As the API server's PUT: the whole object is replaced, refused with 409 when its resource version is stale.</summary>
    public (HttpStatusCode, JsonObject) Replace(string plural, string key, JsonObject body)
    {
        lock (gate)
        {
            if (!Collection(plural).TryGetValue(key, out var stored))
                return (HttpStatusCode.NotFound, Status(HttpStatusCode.NotFound, "NotFound", $"{plural} \"{key}\" not found"));
            if (Stale(plural, key, stored, body) is { } conflict)
                return (HttpStatusCode.Conflict, conflict);
            var metadata = body["metadata"]!.AsObject();
            metadata["uid"] = stored["metadata"]!["uid"]?.DeepClone();
            metadata["creationTimestamp"] = stored["metadata"]!["creationTimestamp"]?.DeepClone();
            metadata["generation"] = NextGeneration(stored, body);
            Put(plural, body);
            return (HttpStatusCode.OK, body.DeepClone().AsObject());
        }
    }

    /// <summary>Records the request and applies it as a JSON merge patch, which is what a strategic merge does to maps.</summary>
    public (HttpStatusCode, JsonObject) Patch(string plural, string key, string path, string? contentType, string body)
    {
        lock (gate)
        {
            patches.Add(new RecordedPatch(path, contentType, body));
            if (!Collection(plural).TryGetValue(key, out var stored))
                return (HttpStatusCode.NotFound, Status(HttpStatusCode.NotFound, "NotFound", $"{plural} \"{key}\" not found"));
            var change = JsonNode.Parse(body)!.AsObject();
            // A merge patch that names a resource version is a precondition, as on the API server.
            if (change["metadata"]?["resourceVersion"]?.GetValue<string>() is { } expected && expected != stored["metadata"]!["resourceVersion"]!.GetValue<string>())
                return (HttpStatusCode.Conflict, Status(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {plural} \"{key}\": the object has been modified"));
            var next = stored.DeepClone().AsObject();
            Merge(next, change);
            next["metadata"]!["generation"] = NextGeneration(stored, next);
            Put(plural, next);
            return (HttpStatusCode.OK, next.DeepClone().AsObject());
        }
    }

    public Channel<string> OpenWatch(string plural, long from, string selector)
    {
        lock (gate)
        {
            Watches.Add((plural, from.ToString(CultureInfo.InvariantCulture)));
            var watch = new Watch(plural, from.ToString(CultureInfo.InvariantCulture), selector, FakeApiServer.NewWatch());
            if (from < compactedAt)
            {
                watch.Lines.Writer.TryWrite(GoneEvent(watch.From));
                watch.Lines.Writer.TryComplete();
                return watch.Lines;
            }

            foreach (var change in history.Where(h => h.Plural == plural && h.Version > from))
                Send(watch, change.Type, change.Object, change.Before);
            watches.Add(watch);
            return watch.Lines;
        }
    }

    public static JsonObject Status(HttpStatusCode code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    };

    private static JsonObject? Stale(string plural, string key, JsonObject stored, JsonObject body)
    {
        var sent = body["metadata"]?["resourceVersion"]?.GetValue<string>();
        return sent is null || sent == stored["metadata"]!["resourceVersion"]!.GetValue<string>()
            ? null
            : Status(HttpStatusCode.Conflict, "Conflict",
                $"Operation cannot be fulfilled on {plural} \"{key}\": the object has been modified; please apply your changes to the latest version and try again");
    }

    /// <summary>As the API server: the generation goes up when the spec changes, never for metadata or status.</summary>
    private static long NextGeneration(JsonObject stored, JsonObject next)
    {
        var generation = stored["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        return JsonNode.DeepEquals(stored["spec"], next["spec"]) ? generation : generation + 1;
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
                target.Remove(name);
            else if (value is JsonObject inner && target[name] is JsonObject existing)
                Merge(existing, inner);
            else
                target[name] = value.DeepClone();
        }
    }

    private void Record(string plural, string type, JsonObject item, JsonObject? before)
    {
        var snapshot = item.DeepClone().AsObject();
        history.Add((version, plural, type, snapshot, before));
        if (history.Count > HistoryLimit)
        {
            // As etcd compaction: a watch from before the oldest kept change gets 410 Gone.
            compactedAt = history[history.Count - HistoryLimit - 1].Version;
            history.RemoveRange(0, history.Count - HistoryLimit);
        }

        foreach (var watch in watches.Where(w => w.Plural == plural))
            Send(watch, type, snapshot, before);
    }

    // A label-selected watch sees an object that starts matching as ADDED and one that stops matching as DELETED.
    private static void Send(Watch watch, string type, JsonObject item, JsonObject? before)
    {
        var now = Matches(item, watch.Selector);
        var was = before is not null && Matches(before, watch.Selector);
        var seen = (type, was, now) switch
        {
            ("MODIFIED", false, true) => "ADDED",
            ("MODIFIED", true, false) => "DELETED",
            ("MODIFIED", false, false) => null,
            (_, _, true) => type,
            _ => null,
        };
        if (seen is not null)
            watch.Lines.Writer.TryWrite(new JsonObject { ["type"] = seen, ["object"] = item.DeepClone() }.ToJsonString());
    }

    private static bool Matches(JsonObject item, string selector)
    {
        if (selector.Length == 0)
            return true;
        var (key, value) = (selector.Split('=')[0], selector.Split('=')[1]);
        return item["metadata"]?["labels"]?[key]?.GetValue<string>() == value;
    }

    private void EndWatchesLocked()
    {
        foreach (var watch in watches)
            watch.Lines.Writer.TryComplete();
        watches.Clear();
    }

    private string GoneEvent(string from) => new JsonObject
    {
        ["type"] = "ERROR",
        ["object"] = Status(HttpStatusCode.Gone, "Expired", $"too old resource version: {from} ({compactedAt})"),
    }.ToJsonString();

    private string Next() => (++version).ToString(CultureInfo.InvariantCulture);

    private SortedDictionary<string, JsonObject> Collection(string plural)
    {
        if (!objects.TryGetValue(plural, out var collection))
            objects[plural] = collection = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        return collection;
    }

    private static string KeyOf(JsonObject item)
    {
        var metadata = item["metadata"]!;
        var name = metadata["name"]!.GetValue<string>();
        return metadata["namespace"]?.GetValue<string>() is { Length: > 0 } ns ? $"{ns}/{name}" : name;
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    internal sealed record RecordedPatch(string Path, string? ContentType, string Body);

    private sealed record Watch(string Plural, string From, string Selector, Channel<string> Lines);
}
