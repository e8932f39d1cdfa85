using System.Text.Json.Nodes;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Admission;

/// <summary>
/// The tracer container and its token volume, built from settings only. The tracer learns its pod and the
/// containers to trace from the downward API and the environment, and reports with a projected token.
/// </summary>
public static class TracerSidecar
{
    public const string TokenDirectory = "/var/run/secrets/bifrost";
    public const string TokenFile = TokenDirectory + "/token";

    /// <summary>The tracer creates this file once its programs are attached; the startup probe waits for it.</summary>
    public const string AttachedFile = "/run/bifrost/attached";

    public const string CgroupVolumeName = "bifrost-host-cgroup";
    public const string HostCgroupMount = "/host/sys/fs/cgroup";

    public static JsonObject Container(TracerOptions options, bool nativeSidecar, WorkloadIdentity workload, IReadOnlyList<(string Container, string Profile)> traced)
    {
        var container = new JsonObject
        {
            ["name"] = BifrostLabels.TracerContainerName,
            ["image"] = options.Image,
            ["imagePullPolicy"] = options.ImagePullPolicy,
        };
        if (nativeSidecar)
            container["restartPolicy"] = "Always";

        container["env"] = new JsonArray(
            FieldEnv("BIFROST_POD_NAME", "metadata.name"),
            FieldEnv("BIFROST_POD_NAMESPACE", "metadata.namespace"),
            FieldEnv("BIFROST_POD_UID", "metadata.uid"),
            FieldEnv("BIFROST_NODE_NAME", "spec.nodeName"),
            Env("BIFROST_WORKLOAD_KIND", workload.Kind),
            Env("BIFROST_WORKLOAD_NAME", workload.Name),
            Env("BIFROST_CONTAINERS", string.Join(',', traced.Select(t => $"{t.Container}={t.Profile}"))),
            Env("BIFROST_ENDPOINT", options.Endpoint),
            Env("BIFROST_TOKEN_FILE", TokenFile));
        var env = (JsonArray)container["env"]!;
        if (options.CaBundle is { Length: > 0 } ca)
            env.Add(Env("BIFROST_CA_PEM", ca));
        if (options.MountHostCgroups)
            env.Add(Env("BIFROST_CGROUP_ROOT", HostCgroupMount));
        container["resources"] = Resources(options);
        container["securityContext"] = SecurityContext(options);
        var mounts = new JsonArray(new JsonObject
        {
            ["name"] = BifrostLabels.TracerTokenVolumeName,
            ["mountPath"] = TokenDirectory,
            ["readOnly"] = true,
        });
        if (options.MountHostCgroups)
            mounts.Add(new JsonObject { ["name"] = CgroupVolumeName, ["mountPath"] = HostCgroupMount, ["readOnly"] = true });
        container["volumeMounts"] = mounts;
        container["startupProbe"] = new JsonObject
        {
            ["exec"] = new JsonObject { ["command"] = new JsonArray("test", "-e", AttachedFile) },
            ["periodSeconds"] = 1,
            ["failureThreshold"] = 30,
        };
        container["terminationMessagePolicy"] = "FallbackToLogsOnError";
        return container;
    }

    /// <summary>The volumes the tracer mounts: its token and, by default, the node's cgroup tree.</summary>
    public static IEnumerable<JsonObject> Volumes(TracerOptions options)
    {
        yield return TokenVolume(options);
        if (options.MountHostCgroups)
        {
            yield return new JsonObject
            {
                ["name"] = CgroupVolumeName,
                ["hostPath"] = new JsonObject { ["path"] = "/sys/fs/cgroup", ["type"] = "Directory" },
            };
        }
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

    private static JsonObject SecurityContext(TracerOptions options)
    {
        var context = new JsonObject
        {
            ["runAsUser"] = 0,
            ["runAsNonRoot"] = false,
            ["appArmorProfile"] = new JsonObject { ["type"] = "Unconfined" },
        };
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
