namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>
/// A pod's cgroups as one kubelet cgroup driver and runtime lay them out: the pod directory and, below the root,
/// every container cgroup with the id it must map to, and the cgroups that must not count as containers.
/// </summary>
internal sealed record Layout(string Name, string PodUid, string Pod, IReadOnlyList<Layout.Expected> Containers, IReadOnlyList<string> Ignored)
{
    public const string Pause = "aa57c162a85f074c5238d12429d1d498650de1e0e24fc84ba1b12cc65eb02c92";
    public const string App = "b43db4c0af770fcf468706f22367c0e1520134e347e18a419529184cbf4224ae";
    public const string Sidecar = "7efafa651ac9c3f1aa3f91ff1b1e52ee971a7194f6e171009465ec5efcf47687";
    public const string Uid = "639945c9-9045-45bd-8d0d-fef18c768465";
    public const string SystemdUid = "639945c9_9045_45bd_8d0d_fef18c768465";
    public const string OtherUid = "e83b61e8_ebaf_4937_a804_1d7cabeab87c";

    /// <summary>A container cgroup, relative to the root, and whether it is crun's nested child.</summary>
    public sealed record Expected(string Path, string ContainerId, bool Nested = false);

    public static readonly IReadOnlyList<Layout> All =
    [
        ThreeContainers("systemd-containerd-burstable", "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + SystemdUid + ".slice", "cri-containerd-{0}.scope"),
        ThreeContainers("systemd-containerd-besteffort", "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + SystemdUid + ".slice", "cri-containerd-{0}.scope"),
        ThreeContainers("systemd-containerd-guaranteed", "kubepods.slice/kubepods-pod" + SystemdUid + ".slice", "cri-containerd-{0}.scope"),
        ThreeContainers("cgroupfs-burstable", "kubepods/burstable/pod" + Uid, "{0}"),
        ThreeContainers("cgroupfs-besteffort", "kubepods/besteffort/pod" + Uid, "{0}"),
        ThreeContainers("cgroupfs-guaranteed", "kubepods/pod" + Uid, "{0}"),
        ThreeContainers("cri-dockerd", "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + SystemdUid + ".slice", "docker-{0}.scope"),
        ThreeContainers("kind", "kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" + SystemdUid + ".slice", "cri-containerd-{0}.scope"),
        ThreeContainers("kind-node-seen-from-host", "system.slice/docker-dbf53a2183eaedbb1351eb3aca95ecf87675f42b7b153ff44c1822e8579f9556.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod" + SystemdUid + ".slice", "cri-containerd-{0}.scope"),
        ThreeContainers("k3s", "k3s/kubepods/besteffort/pod" + Uid, "{0}"),
        ThreeContainers("kubepods-below-a-service", "system.slice/k3s-agent.service/kubepods/burstable/pod" + Uid, "{0}"),
        CriO(),
        Crun("crun-crio", "crio-{0}.scope"),
        Crun("crun-containerd", "cri-containerd-{0}.scope"),
    ];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var layout in All)
        {
            names.Add(layout.Name);
        }
        return names;
    }

    public static Layout Named(string name) => All.Single(l => l.Name == name);

    /// <summary>Every directory to create, parents first, with another pod of the same QoS class beside this one.</summary>
    public IEnumerable<string> Directories()
    {
        var siblingPod = Path.Join(Path.GetDirectoryName(Pod), Path.GetFileName(Pod).Replace(SystemdUid, OtherUid, StringComparison.Ordinal).Replace(Uid, OtherUid.Replace('_', '-'), StringComparison.Ordinal));
        return Containers.Select(c => c.Path).Concat(Ignored).Append(siblingPod).Append(Pod)
            .SelectMany(Ancestry).Distinct().OrderBy(p => p.Count(c => c == '/')).ThenBy(p => p, StringComparer.Ordinal);
    }

    private static IEnumerable<string> Ancestry(string path)
    {
        for (var p = path; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
        {
            yield return p;
        }
    }

    private static string Format(string pattern, string id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, id);

    private static Layout ThreeContainers(string name, string pod, string container) => new(
        name, Uid, pod,
        [new($"{pod}/{Format(container, Pause)}", Pause), new($"{pod}/{Format(container, App)}", App), new($"{pod}/{Format(container, Sidecar)}", Sidecar)],
        []);

    // CRI-O with conmon_cgroup = "pod": conmon's scope sits beside the container's, named by the same id.
    private static Layout CriO()
    {
        const string pod = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + SystemdUid + ".slice";
        return new(
            "systemd-crio", Uid, pod,
            [new($"{pod}/crio-{Pause}.scope", Pause), new($"{pod}/crio-{App}.scope", App)],
            [$"{pod}/crio-conmon-{App}.scope", $"{pod}/crio-conmon-{Pause}.scope"]);
    }

    // crun under the systemd driver moves the container's processes into <scope>/container.
    private static Layout Crun(string name, string container)
    {
        const string pod = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + SystemdUid + ".slice";
        var app = $"{pod}/{Format(container, App)}";
        var sidecar = $"{pod}/{Format(container, Sidecar)}";
        return new(
            name, Uid, pod,
            [new(app, App), new($"{app}/container", App, Nested: true), new(sidecar, Sidecar), new($"{sidecar}/container", Sidecar, Nested: true)],
            container.StartsWith("crio", StringComparison.Ordinal) ? [$"{pod}/crio-conmon-{App}.scope"] : []);
    }
}
