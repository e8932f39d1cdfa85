using System.Text.Json.Nodes;
using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

/// <summary>
/// The documents and figures on the shared kubevuln fixtures (the README's "CVE relevancy" table quotes these numbers).
/// </summary>
public sealed class OpenVexDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [RequiresFact(typeof(RelevancyData))]
    public void Build_AlpineOnlyBusyboxSeen_SuppressesEveryFinding()
    {
        var (document, summary) = Alpine(new SeenFile("/bin/busybox", true));

        var statements = document["statements"]!.AsArray();
        Assert.Equal(10, statements.Count);
        Assert.All(statements, s => Assert.Equal(2, s!["products"]![0]!["subcomponents"]!.AsArray().Count));
        Assert.Equal((20, 0, 10, 0, 2, 0), Figures(summary));
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Build_AlpineLibcryptoSeen_SuppressesOnlyLibssl()
    {
        var (document, summary) = Alpine(new SeenFile("/bin/busybox", true), new SeenFile("/lib/libcrypto.so.3", false));

        var subcomponents = document["statements"]!.AsArray().SelectMany(s => s!["products"]![0]!["subcomponents"]!.AsArray()).Select(c => (string)c!["@id"]!).Distinct().ToList();
        Assert.Equal(["pkg:apk/alpine/libssl3@3.0.8-r0?arch=x86_64&upstream=openssl&distro=alpine-3.17.2"], subcomponents);
        Assert.Equal((20, 10, 10, 10, 2, 2), Figures(summary));
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Build_Alpine_HasTheOpenVexFieldsAndTheImageAsProduct()
    {
        var (document, _) = Alpine(new SeenFile("/bin/busybox", true));

        Assert.Equal(OpenVexDocument.Context, (string)document["@context"]!);
        Assert.StartsWith("urn:bifrost:vex:", (string)document["@id"]!, StringComparison.Ordinal);
        Assert.Equal("2026-12-07T10:00:00Z", (string)document["timestamp"]!);
        Assert.Equal(1, (int)document["version"]!);
        var statement = document["statements"]![0]!;
        Assert.Equal("not_affected", (string)statement["status"]!);
        Assert.Equal("vulnerable_code_not_in_execute_path", (string)statement["justification"]!);
        Assert.Equal("pkg:oci/alpine@sha256%3Ae2e16842c9b54d985bf1ef9242a313f36b856181f188de21313820e177002501", (string)statement["products"]![0]!["@id"]!);
        Assert.Contains("test window", (string)statement["impact_statement"]!, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Build_NginxRuntimeProfile_KeepsTheFivePackagesItLoaded()
    {
        var report = ScanReports.Parse(Fixtures.Shared("nginx-cve.json"));
        var usage = UsageMapper.Map(Fixtures.Database("nginx-debian9"), SeenFiles.Parse(Fixtures.Shared("nginx-ap.json")).Files);

        var (document, summary) = OpenVexDocument.Build(report, usage, Options(PackageUrl.ForImage(report.Image!)!));

        Assert.True(usage.AllCodeAttributed);
        Assert.Equal(["libc6", "libpcre3", "libssl1.1", "nginx", "zlib1g"], usage.Used.Keys);
        var named = document["statements"]!.AsArray().SelectMany(s => s!["products"]![0]!["subcomponents"]!.AsArray()).Select(c => (string)c!["@id"]!).ToHashSet();
        var purls = report.Findings.Select(f => f.Purl).OfType<string>().ToHashSet();
        Assert.Subset(purls, named);
        Assert.DoesNotContain(named, p => p.StartsWith("pkg:deb/debian/libc6@", StringComparison.Ordinal) || p.StartsWith("pkg:deb/debian/libssl1.1@", StringComparison.Ordinal));
        Assert.Equal(256, document["statements"]!.AsArray().Count);
        Assert.Equal((456, 72, 287, 72, 129, 31), Figures(summary));
        Assert.Equal((5, 56, 0), (summary.PackagesUsed, summary.PackagesUnused, summary.PackagesUnknown));
    }

    private static (JsonObject, VexSummary) Alpine(params SeenFile[] seen)
    {
        var report = ScanReports.Parse(Fixtures.Shared("alpine-cve.json"));
        var usage = UsageMapper.Map(SyftSbom.Parse(Fixtures.Shared("alpine-sbom.json")), seen);
        return OpenVexDocument.Build(report, usage, Options(PackageUrl.ForImage(report.Image!)!));
    }

    private static VexOptions Options(string product) => new() { Product = product, Timestamp = Now, Observed = "test window" };

    private static (int, int, int, int, int, int) Figures(VexSummary s) =>
        (s.FindingsBefore, s.FindingsAfter, s.IdsBefore, s.IdsAfter, s.CriticalHighIdsBefore, s.CriticalHighIdsAfter);
}
