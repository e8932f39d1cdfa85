using System.IO.Compression;
using System.Text.Json;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Profiles;

/// <summary>
/// Keeps a BifrostProfile under the API server's object limit (etcd refuses a request over 1.5 MiB). A status whose
/// JSON exceeds the budget has its bulkiest parts written as gzip+base64 fields, largest first: each container's
/// observations (<see cref="ContainerProfileStatus.ObservedGzip"/>), then the rendered profile texts
/// (<see cref="RenderedProfile.TextGzip"/>). Every reader of the model gets them back as plain lists and text when the
/// JSON is read, so node agents, the controller and the CLI never see the packed form; only <c>kubectl -o yaml</c> does.
/// </summary>
public static class ProfileSize
{
    /// <summary>Default budget for a BifrostProfile's JSON: 1 MiB, a third below etcd's 1.5 MiB request limit.</summary>
    public const int DefaultBudget = 1024 * 1024;

    /// <summary>etcd's default request limit, which the API server enforces on every write.</summary>
    public const int EtcdLimit = 1536 * 1024;

    // As the API server stores the object: compact JSON, not the indented form files use.
    private static readonly JsonSerializerOptions Compact = new(ProfileJson.Options) { WriteIndented = false };

    /// <summary>Bytes of the object's compact JSON, as stored in etcd.</summary>
    public static int Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Compact).Length;

    /// <summary>
    /// The profile as it should be written: unchanged when it fits <paramref name="budget"/>, else with observations and
    /// then profile texts packed until it does. <see cref="ProfileFit.Fits"/> is false when even everything packed is
    /// over the budget.
    /// </summary>
    public static ProfileFit Fit(BifrostProfile profile, int budget = DefaultBudget)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var bytes = Bytes(profile);
        if (bytes <= budget)
            return new ProfileFit(profile, bytes, Packed: 0, Fits: true);

        var containers = profile.Status.Containers.ToArray();
        var packed = 0;
        // Observations first: people read the rendered profiles, seldom the raw observations.
        foreach (var i in Enumerable.Range(0, containers.Length).Where(i => containers[i].Observed.Count > 0)
                     .OrderByDescending(i => Bytes(containers[i].Observed)))
        {
            containers[i] = containers[i] with { Observed = [], ObservedGzip = Pack(containers[i].Observed) };
            packed++;
            bytes = Bytes(With(profile, containers));
            if (bytes <= budget)
                return new ProfileFit(With(profile, containers), bytes, packed, Fits: true);
        }

        foreach (var (i, j) in containers.SelectMany((c, i) => c.Profiles.Select((p, j) => (i, j, p.Text.Length)))
                     .Where(t => t.Length > 0).OrderByDescending(t => t.Length).Select(t => (t.i, t.j)).ToList())
        {
            var profiles = containers[i].Profiles.ToArray();
            profiles[j] = profiles[j] with { Text = "", TextGzip = Pack(profiles[j].Text) };
            containers[i] = containers[i] with { Profiles = profiles };
            packed++;
            bytes = Bytes(With(profile, containers));
            if (bytes <= budget)
                return new ProfileFit(With(profile, containers), bytes, packed, Fits: true);
        }

        return new ProfileFit(With(profile, containers), bytes, packed, Fits: false);
    }

    /// <summary>Bytes the status would take in etcd once fitted: what the merger holds against its budget.</summary>
    public static int FittedBytes(BifrostProfileStatus status, int budget)
    {
        var probe = new BifrostProfile
        {
            Metadata = new ObjectMeta { Name = "", Namespace = "" },
            Spec = new BifrostProfileSpec { Workload = new WorkloadReference("", "") },
            Status = status,
        };
        return Fit(probe, budget).Bytes;
    }

    internal static string Pack(IReadOnlyList<Observation> observed) => Pack(JsonSerializer.SerializeToUtf8Bytes(observed, Compact));

    internal static string Pack(string text) => Pack(System.Text.Encoding.UTF8.GetBytes(text));

    internal static IReadOnlyList<Observation> UnpackObservations(string packed) =>
        JsonSerializer.Deserialize<IReadOnlyList<Observation>>(Unpack(packed), Compact) ?? [];

    internal static string UnpackText(string packed) => System.Text.Encoding.UTF8.GetString(Unpack(packed));

    private static string Pack(byte[] json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(json);
        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static byte[] Unpack(string packed)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(packed)), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            // Surfaces as the reader's JSON error, which names the object.
            throw new JsonException($"a packed field is not gzip+base64: {e.Message}", e);
        }
    }

    private static BifrostProfile With(BifrostProfile profile, ContainerProfileStatus[] containers) =>
        profile with { Status = profile.Status with { Containers = [.. containers] } };
}

/// <summary>A profile fitted to a size budget: how many bytes it takes, how many fields were packed, and whether it fits.</summary>
public sealed record ProfileFit(BifrostProfile Profile, int Bytes, int Packed, bool Fits);
