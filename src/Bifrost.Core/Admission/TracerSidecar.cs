using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.Wire;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Admission;

/// <summary>
/// The tracer container and its volumes, built from settings only. The tracer learns its pod and the containers
/// to trace from the downward API and the environment, and reports with a projected token. Everything that
/// depends on settings alone is serialised once and shared, read-only, by every patch.
/// </summary>
public sealed class TracerSidecar
{
    public const string TokenDirectory = IntakeApi.TokenDirectory;
    public const string TokenFile = TokenDirectory + "/token";

    /// <summary>
    /// The tracer creates this file once it is attached, or has given up attaching (and says why in
    /// <see cref="UnavailableFile"/>); the startup probe waits for it, so the app starts after the tracer either way.
    /// </summary>
    public const string ReadyFile = "/run/bifrost/ready";

    /// <summary>Written beside <see cref="ReadyFile"/> once the programs are attached.</summary>
    public const string AttachedFile = "/run/bifrost/attached";

    /// <summary>Written beside <see cref="ReadyFile"/>, with the reason, when the tracer cannot attach.</summary>
    public const string UnavailableFile = "/run/bifrost/unavailable";

    public const string CgroupVolumeName = "bifrost-host-cgroup";
    public const string HostCgroupMount = "/host/sys/fs/cgroup";

    private static readonly string[] FixedParts = ["resources", "securityContext", "volumeMounts", "startupProbe"];

    private readonly TracerOptions options;
    private readonly bool nativeSidecar;
    private readonly JsonElement shared;

    // The same shared parts as UTF-8 JSON, copied as they are into each patch that the mutator writes.
    private readonly byte[][] podEnv;
    private readonly byte[][] settingsEnv;
    private readonly (JsonEncodedText Name, byte[] Json)[] fixedParts;
    private readonly byte[][] volumes;

    /// <param name="options">The tracer's settings.</param>
    /// <param name="nativeSidecar">An init container with <c>restartPolicy: Always</c>; false for a plain container.</param>
    /// <param name="appArmorField">
    /// Give the tracer <c>appArmorProfile: Unconfined</c> in its securityContext; false below Kubernetes 1.30, where
    /// the pod's legacy annotation says it instead.
    /// </param>
    public TracerSidecar(TracerOptions options, bool nativeSidecar, bool appArmorField = true)
    {
        this.options = options;
        this.nativeSidecar = nativeSidecar;
        shared = JsonSerializer.SerializeToElement(SharedParts(options, appArmorField));
        podEnv = Raw(shared.GetProperty("podEnv"));
        settingsEnv = Raw(shared.GetProperty("settingsEnv"));
        fixedParts = [.. FixedParts.Select(part => (JsonEncodedText.Encode(part), JsonMarshal.GetRawUtf8Value(shared.GetProperty(part)).ToArray()))];
        volumes = Raw(shared.GetProperty("volumes"));
    }

    /// <summary>
    /// Writes the same JSON as <see cref="Container"/>, with the shared parts copied as bytes rather than built as nodes:
    /// the patch of every pod that gets a tracer carries this.
    /// </summary>
    internal void WriteContainer(Utf8JsonWriter writer, WorkloadIdentity workload, IReadOnlyList<(string Container, string Profile, string? Image)> traced)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, BifrostLabels.TracerContainerName);
        writer.WriteString("image"u8, options.Image);
        writer.WriteString("imagePullPolicy"u8, options.ImagePullPolicy);
        if (nativeSidecar)
            writer.WriteString("restartPolicy"u8, "Always"u8);
        writer.WriteStartArray("env"u8);
        foreach (var entry in podEnv)
            writer.WriteRawValue(entry, skipInputValidation: true);
        WriteEnv(writer, TracerEnvironment.WorkloadKind, workload.Kind);
        WriteEnv(writer, TracerEnvironment.WorkloadName, workload.Name);
        WriteEnv(writer, TracerEnvironment.Containers, string.Join(',', traced.Select(t => $"{t.Container}={t.Profile}")));
        if (traced.Any(t => !string.IsNullOrEmpty(t.Image)))
            WriteEnv(writer, TracerEnvironment.Images, string.Join(',', traced.Where(t => !string.IsNullOrEmpty(t.Image)).Select(t => $"{t.Container}={t.Image}")));
        foreach (var entry in settingsEnv)
            writer.WriteRawValue(entry, skipInputValidation: true);
        writer.WriteEndArray();
        foreach (var (name, json) in fixedParts)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(json, skipInputValidation: true);
        }

        writer.WriteString("terminationMessagePolicy"u8, "FallbackToLogsOnError"u8);
        writer.WriteEndObject();
    }

    /// <summary>Each of <see cref="Volumes"/> as UTF-8 JSON, for the patch's writer to copy.</summary>
    internal IReadOnlyList<byte[]> VolumeJson => volumes;

    private static void WriteEnv(Utf8JsonWriter writer, string name, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, name);
        writer.WriteString("value"u8, value);
        writer.WriteEndObject();
    }

    private static byte[][] Raw(JsonElement array) => [.. array.EnumerateArray().Select(e => JsonMarshal.GetRawUtf8Value(e).ToArray())];

    /// <summary>The tracer for the traced containers; their images go along so that reports say what the rules were learned from.</summary>
    public JsonObject Container(WorkloadIdentity workload, IReadOnlyList<(string Container, string Profile, string? Image)> traced)
    {
        var env = new JsonArray();
        foreach (var entry in shared.GetProperty("podEnv").EnumerateArray())
            env.Add(Shared(entry));
        env.Add(Env(TracerEnvironment.WorkloadKind, workload.Kind));
        env.Add(Env(TracerEnvironment.WorkloadName, workload.Name));
        env.Add(Env(TracerEnvironment.Containers, string.Join(',', traced.Select(t => $"{t.Container}={t.Profile}"))));
        if (traced.Any(t => !string.IsNullOrEmpty(t.Image)))
            env.Add(Env(TracerEnvironment.Images, string.Join(',', traced.Where(t => !string.IsNullOrEmpty(t.Image)).Select(t => $"{t.Container}={t.Image}"))));
        foreach (var entry in shared.GetProperty("settingsEnv").EnumerateArray())
            env.Add(Shared(entry));

        var container = new JsonObject
        {
            ["name"] = BifrostLabels.TracerContainerName,
            ["image"] = options.Image,
            ["imagePullPolicy"] = options.ImagePullPolicy,
        };
        if (nativeSidecar)
            container["restartPolicy"] = "Always";
        container["env"] = env;
        foreach (var part in FixedParts)
            container[part] = Shared(shared.GetProperty(part));
        container["terminationMessagePolicy"] = "FallbackToLogsOnError";
        return container;
    }

    /// <summary>The volumes the tracer mounts: its token and, by default, the node's cgroup tree.</summary>
    public JsonNode[] Volumes() => [.. shared.GetProperty("volumes").EnumerateArray().Select(Shared)];

    /// <summary>A node over a shared element: read lazily, written straight from the element, never copied.</summary>
    private static JsonNode Shared(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element)!,
        JsonValueKind.Array => JsonArray.Create(element)!,
        _ => JsonValue.Create(element)!,
    };

    private static JsonObject SharedParts(TracerOptions options, bool appArmorField)
    {
        var settingsEnv = new JsonArray(Env(TracerEnvironment.Endpoint, options.Endpoint), Env(TracerEnvironment.TokenFile, TokenFile));
        if (options.CaBundle is { Length: > 0 } ca)
            settingsEnv.Add(Env(TracerEnvironment.CaPem, ca));
        if (options.MountHostCgroups)
            settingsEnv.Add(Env(TracerEnvironment.CgroupRoot, HostCgroupMount));

        var mounts = new JsonArray(new JsonObject
        {
            ["name"] = BifrostLabels.TracerTokenVolumeName,
            ["mountPath"] = TokenDirectory,
            ["readOnly"] = true,
        });
        var volumes = new JsonArray(TokenVolume(options));
        if (options.MountHostCgroups)
        {
            mounts.Add(new JsonObject { ["name"] = CgroupVolumeName, ["mountPath"] = HostCgroupMount, ["readOnly"] = true });
            volumes.Add(new JsonObject
            {
                ["name"] = CgroupVolumeName,
                ["hostPath"] = new JsonObject { ["path"] = "/sys/fs/cgroup", ["type"] = "Directory" },
            });
        }

        return new JsonObject
        {
            ["podEnv"] = new JsonArray(
                FieldEnv(TracerEnvironment.PodName, "metadata.name"),
                FieldEnv(TracerEnvironment.PodNamespace, "metadata.namespace"),
                FieldEnv(TracerEnvironment.PodUid, "metadata.uid"),
                FieldEnv(TracerEnvironment.NodeName, "spec.nodeName")),
            ["settingsEnv"] = settingsEnv,
            ["resources"] = Resources(options),
            ["securityContext"] = SecurityContext(options, appArmorField),
            ["volumeMounts"] = mounts,
            ["startupProbe"] = new JsonObject
            {
                ["exec"] = new JsonObject { ["command"] = new JsonArray("test", "-e", ReadyFile) },
                ["periodSeconds"] = 1,
                ["failureThreshold"] = 30,
            },
            ["volumes"] = volumes,
        };
    }

    private static JsonObject TokenVolume(TracerOptions options) => new()
    {
        ["name"] = BifrostLabels.TracerTokenVolumeName,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(new JsonObject
            {
                ["serviceAccountToken"] = new JsonObject
                {
                    ["audience"] = options.TokenAudience,
                    ["expirationSeconds"] = options.TokenExpirationSeconds,
                    ["path"] = "token",
                },
            }),
        },
    };

    private static JsonObject Resources(TracerOptions options)
    {
        var limits = new JsonObject { ["memory"] = options.MemoryLimit };
        if (options.CpuLimit is { Length: > 0 } cpu)
            limits["cpu"] = cpu;
        return new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = options.CpuRequest, ["memory"] = options.MemoryRequest },
            ["limits"] = limits,
        };
    }

    private static JsonObject SecurityContext(TracerOptions options, bool appArmorField)
    {
        var context = new JsonObject
        {
            ["runAsUser"] = 0,
            ["runAsNonRoot"] = false,
        };
        if (appArmorField)
            context["appArmorProfile"] = new JsonObject { ["type"] = "Unconfined" };
        if (options.Privileged)
        {
            context["privileged"] = true;
        }
        else
        {
            context["capabilities"] = new JsonObject
            {
                ["add"] = new JsonArray("BPF", "PERFMON", "SYS_RESOURCE", "SYS_ADMIN"),
                ["drop"] = new JsonArray("ALL"),
            };
        }

        return context;
    }

    private static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject FieldEnv(string name, string fieldPath) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = fieldPath } },
    };
}
