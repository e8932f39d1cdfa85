using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class ScanReportsTests
{
    private const string Trivy = """
        {
          "SchemaVersion": 2,
          "ArtifactName": "alpine:3.17.2",
          "ArtifactType": "container_image",
          "Metadata": {"RepoDigests": ["alpine@sha256:e2e16842c9b54d985bf1ef9242a313f36b856181f188de21313820e177002501"]},
          "Results": [
            {"Target": "alpine:3.17.2 (alpine 3.17.2)", "Class": "os-pkgs", "Type": "alpine",
             "Vulnerabilities": [
               {"VulnerabilityID": "CVE-2023-0464", "PkgName": "libcrypto3", "InstalledVersion": "3.0.8-r0", "Severity": "HIGH",
                "PkgIdentifier": {"PURL": "pkg:apk/alpine/libcrypto3@3.0.8-r0?arch=x86_64&distro=3.17.2"}}
             ]},
            {"Target": "usr/local/bin/app", "Class": "lang-pkgs", "Type": "gobinary"}
          ]
        }
        """;

    [Fact]
    public void Parse_Trivy_ReadsFindingsAndTheImageDigest()
    {
        var report = ScanReports.Parse(Trivy);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("trivy", report.Scanner);
        Assert.Equal("alpine@sha256:e2e16842c9b54d985bf1ef9242a313f36b856181f188de21313820e177002501", report.Image);
        Assert.Equal(("CVE-2023-0464", "libcrypto3", "apk", true), (finding.VulnerabilityId, finding.PackageName, finding.PackageType, finding.IsCriticalOrHigh));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"bomFormat": "CycloneDX"}""")]
    [InlineData("""{"Content": {"something": []}}""")]
    [InlineData("[1, 2]")]
    public void Parse_UnknownFormat_IsAFormatError(string text)
    {
        Assert.Throws<FormatException>(() => ScanReports.Parse(text));
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Parse_GrypeAlpine_ReadsEveryMatch()
    {
        var report = ScanReports.Parse(Fixtures.Shared("alpine-cve.json"));

        Assert.Equal("grype", report.Scanner);
        Assert.Equal(20, report.Findings.Count);
        Assert.Equal("alpine@sha256:e2e16842c9b54d985bf1ef9242a313f36b856181f188de21313820e177002501", report.Image);
        Assert.Equal("pkg:apk/alpine/libssl3@3.0.8-r0?arch=x86_64&upstream=openssl&distro=alpine-3.17.2", report.Findings.First(f => f.PackageName == "libssl3").Purl);
    }

    [RequiresFact(typeof(RelevancyData))]
    public void Parse_KubevulnWrapper_TakesTheImageFromItsId()
    {
        var report = ScanReports.Parse(Fixtures.Shared("nginx-cve.json"));

        Assert.Equal(456, report.Findings.Count);
        Assert.Equal(287, report.Findings.Select(f => f.VulnerabilityId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("docker.io/library/nginx@sha256:32fdf92b4e986e109e4db0865758020cb0c3b70d6ba80d02fe87bad5cc3dc228", report.Image);
    }

    [Theory]
    [InlineData("docker.io/library/nginx@sha256:32fd", "pkg:oci/nginx@sha256%3A32fd")]
    [InlineData("alpine@sha256:e2e1", "pkg:oci/alpine@sha256%3Ae2e1")]
    [InlineData("localhost:5000/team/app:1.2@sha256:ab", "pkg:oci/app@sha256%3Aab")]
    public void ImagePurl_NamesTheImageByDigestWithoutQualifiers(string reference, string expected)
    {
        Assert.Equal(expected, PackageUrl.ForImage(reference));
    }

    [Fact]
    public void ImagePurl_WithoutDigest_IsNull() => Assert.Null(PackageUrl.ForImage("nginx:1.14"));
}
