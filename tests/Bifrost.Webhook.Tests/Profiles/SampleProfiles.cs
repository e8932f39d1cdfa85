using System.Text.Json;
using System.Text.Json.Nodes;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;

namespace Bifrost.Webhook.Tests.Profiles;

/// <summary>Profiles and node states for store and cache tests: one with every field set, and bare ones.</summary>
internal static class SampleProfiles
{
    public static BifrostProfile Bare(string @namespace, string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = @namespace },
        Spec = new BifrostProfileSpec { Workload = new WorkloadReference("Deployment", name) },
    };

    /// <summary>Every field of the model set to a value other than its default.</summary>
    public static BifrostProfile Full(string @namespace, string name) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = @namespace,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web", ["team"] = "payments" },
            Annotations = new Dictionary<string, string> { ["bifrost.io/min-pods"] = "3", ["note"] = "quotes \" and / slashes" },
        },
        Spec = new BifrostProfileSpec
        {
            Workload = new WorkloadReference("StatefulSet", "web"),
            Mode = ProfileModeSetting.Enforce,
            MinLearningPeriod = "2h",
            QuietPeriod = "30m",
            MinPods = 3,
            RestartOnEnforce = true,
        },
        Status = new BifrostProfileStatus
        {
            Phase = ProfilePhase.RolledBack,
            LearningSince = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            PhaseSince = new DateTimeOffset(2025, 1, 3, 3, 4, 5, 123, TimeSpan.Zero),
            Message = "denied: /etc/shadow r",
            ImageChangedAt = new DateTimeOffset(2025, 1, 2, 8, 0, 0, TimeSpan.Zero),
            ImageChange = "app: web:1.0 -> web:1.1",
            DeniedAt = new DateTimeOffset(2025, 1, 3, 3, 4, 0, TimeSpan.Zero),
            Denials = 3,
            LastDenial = "FileObservation { Container = app, Path = /etc/shadow, Access = Read }",
            Rules = 9,
            LastNewRuleAt = new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero),
            Containers =
            [
                new ContainerProfileStatus
                {
                    Name = "app",
                    Rules = 7,
                    LastNewRuleAt = new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero),
                    Pods = 4,
                    Images = ["registry.example:5000/web:1.0", "registry.example:5000/web:1.1"],
                    Reports = 12_345_678_901,
                    DroppedEvents = 17,
                    Observed =
                    [
                        new FileObservation { Container = "app", Path = "/srv/a file", Access = AccessMask.Read | AccessMask.MmapExec },
                        new ExecObservation { Container = "app", Path = "/usr/bin/python3.11", Interpreter = "/usr/bin/env" },
                        new SocketObservation { Container = "app", Family = "unix", Type = "stream", Protocol = 0, UnixPath = "/run/x.sock", UnixOperation = "connect" },
                        new CapabilityObservation { Container = "app", Name = "net_bind_service", Inferred = true },
                        new SignalObservation { Container = "app", Signal = 15, SamePod = true },
                        new PtraceObservation { Container = "app", Mode = "read", SamePod = true },
                        new MountObservation { Container = "app", Source = "tmpfs", Target = "/mnt/t", FsType = "tmpfs" },
                    ],
                    Profiles =
                    [
                        new RenderedProfile { Name = "bifrost-shop-web-app", Mode = ProfileMode.Complain, Hash = new string('a', 64), Text = "profile x flags=(complain) {\n}\n" },
                        new RenderedProfile { Name = "bifrost-shop-web-app-e1", Mode = ProfileMode.Enforce, Hash = new string('b', 64), Text = "profile y {\n}\n" },
                    ],
                },
                new ContainerProfileStatus { Name = "sidecar" },
            ],
        },
    };

    public static BifrostNode Node(string name, params (string Profile, string Hash, NodeProfileState State)[] profiles) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "" },
        Status = new BifrostNodeStatus
        {
            Ready = true,
            AppArmorEnabled = true,
            AuditSource = "netlink",
            Profiles = [.. profiles.Select(p => new NodeProfileStatus { Name = p.Profile, Hash = p.Hash, Mode = ProfileMode.Enforce, State = p.State })],
        },
    };

    /// <summary>The object as the API server would hold it; a cluster-scoped one has no namespace.</summary>
    public static JsonObject Json<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, ProfileJson.Options)!.AsObject();
        if (node["metadata"]?["namespace"]?.GetValue<string>() == "")
            node["metadata"]!.AsObject().Remove("namespace");
        return node;
    }

    /// <summary>The JSON the store writes: equal text means every field survived.</summary>
    public static string Text<T>(T value) => JsonSerializer.Serialize(value, ProfileJson.Options);
}
