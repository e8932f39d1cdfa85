using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Core.Profiles;
using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Learning;

/// <summary>
/// Node agents' package findings in the status: kept per container and image, the newest finding per image winning,
/// a finding that says the same changing nothing, and never counted as a pod's report.
/// </summary>
public sealed class ProfileMergerPackagesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly ProfileMerger Merger = new(ObservationKey.Of, observations => observations.Select(o => o.ToString()).ToHashSet());
    private const string Nginx127 = "docker.io/library/nginx@sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Nginx129 = "docker.io/library/nginx@sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static BifrostProfileStatus Learned()
    {
        var report = new ReportInput
        {
            PodUid = "pod-1",
            Sequence = 1,
            Observations = [new ExecObservation { Container = "app", Path = "/usr/sbin/nginx" }],
        };
        return Merger.Merge(new BifrostProfileStatus(), report, T0).Status;
    }

    private static ImagePackages Found(string image, int installed, DateTimeOffset at, params string[] used) => new()
    {
        Image = image,
        Database = "dpkg database",
        Installed = installed,
        Used = [.. used.Select(name => new UsedPackage(name, "1.0", $"pkg:deb/debian/{name}@1.0?arch=amd64"))],
        Node = "node-1",
        UpdatedAt = at,
    };

    private static ReportInput Packages(long sequence, params ContainerPackages[] found) => new()
    {
        PodUid = "agent-uid",
        Sequence = sequence,
        Observations = [],
        Source = ReportSource.Packages,
        Packages = found,
    };

    [Fact]
    public void A_finding_lands_on_its_container_and_sets_the_printer_columns()
    {
        var before = Learned();

        var result = Merger.Merge(before, Packages(5, new ContainerPackages("app", Found(Nginx127, 143, T0, "libc6", "nginx"))), T0.AddMinutes(1));

        Assert.False(result.Resend);
        var app = Assert.Single(result.Status.Containers);
        Assert.Equal(["libc6", "nginx"], Assert.Single(app.Packages).Used.Select(p => p.Name));
        Assert.Equal(2, result.Status.PackagesInUse);
        Assert.Equal(143, result.Status.PackagesInstalled);
        // Not a pod's report: no pod counted, nothing to recognise as a resend later.
        Assert.Equal(before.Containers[0].Pods, app.Pods);
        Assert.Equal(before.Containers[0].Reports, app.Reports);
        Assert.Equal(before.AppliedReports, result.Status.AppliedReports);
        Assert.Equal(0, result.NewRules);
    }

    [Fact]
    public void The_same_finding_again_changes_nothing_and_an_older_one_is_ignored()
    {
        var status = Merger.Merge(Learned(), Packages(5, new ContainerPackages("app", Found(Nginx127, 143, T0, "nginx"))), T0).Status;

        Assert.True(Merger.Merge(status, Packages(6, new ContainerPackages("app", Found(Nginx127, 143, T0.AddHours(1), "nginx"))), T0.AddHours(1)).Resend);
        Assert.True(Merger.Merge(status, Packages(7, new ContainerPackages("app", Found(Nginx127, 143, T0.AddHours(-1), "libc6", "nginx"))), T0.AddHours(1)).Resend);
    }

    [Fact]
    public void A_newer_finding_replaces_its_images_and_another_image_goes_last()
    {
        var status = Merger.Merge(Learned(), Packages(5, new ContainerPackages("app", Found(Nginx127, 143, T0, "nginx"))), T0).Status;

        status = Merger.Merge(status, Packages(3, new ContainerPackages("app", Found(Nginx129, 150, T0.AddHours(1), "libc6", "libssl3", "nginx"))), T0.AddHours(1)).Status;
        status = Merger.Merge(status, Packages(9, new ContainerPackages("app", Found(Nginx127, 143, T0.AddHours(2), "libc6", "nginx"))), T0.AddHours(2)).Status;

        var app = Assert.Single(status.Containers);
        Assert.Equal([Nginx129, Nginx127], app.Packages.Select(p => p.Image));
        Assert.Equal(2, status.PackagesInUse); // the newest image's
        Assert.Equal(143, status.PackagesInstalled);
    }

    [Fact]
    public void Images_are_bounded()
    {
        var status = Learned();
        for (var i = 0; i < ProfileMerger.MaxImages + 3; i++)
        {
            var image = $"registry.example/app@sha256:{i:D64}";
            status = Merger.Merge(status, Packages(i + 1, new ContainerPackages("app", Found(image, 10, T0.AddMinutes(i), "libc6"))), T0.AddMinutes(i)).Status;
        }

        Assert.Equal(ProfileMerger.MaxImages, status.Containers[0].Packages.Count);
        Assert.EndsWith($"{ProfileMerger.MaxImages + 2:D64}", status.Containers[0].Packages[^1].Image, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_nothing_was_learned_for_gets_no_finding()
    {
        var result = Merger.Merge(Learned(), Packages(5, new ContainerPackages("sidecar", Found(Nginx127, 10, T0, "libc6"))), T0);

        Assert.True(result.Resend);
        Assert.DoesNotContain(result.Status.Containers, c => c.Name == "sidecar");
    }

    [Fact]
    public void Findings_and_observations_merge_in_one_batch()
    {
        var tracer = new ReportInput { PodUid = "pod-2", Sequence = 1, Observations = [new FileObservation { Container = "app", Path = "/etc/nginx/nginx.conf", Access = AccessMask.Read }] };

        var result = Merger.Merge(Learned(), [tracer, Packages(1, new ContainerPackages("app", Found(Nginx127, 143, T0, "nginx")))], T0);

        var app = Assert.Single(result.Status.Containers);
        Assert.Equal(2, app.Pods);
        Assert.Single(app.Packages);
        Assert.Equal(1, result.NewRules);
    }
}
