using System.Text.Json.Nodes;

namespace Bifrost.Cli.Tests.Commands;

public sealed class VexCommandTests : IDisposable
{
    private const string LearningProfile = """
        apiVersion: bifrost.io/v1alpha1
        kind: BifrostProfile
        metadata:
          name: deployment-web
          namespace: shop
        spec:
          workload: {kind: Deployment, name: web}
        status:
          phase: PHASE
          learningSince: "2026-12-01T08:00:00Z"
          phaseSince: "2026-12-02T08:00:00Z"
          containers:
          - name: web
            pods: 2
            observed:
            - {kind: exec, container: web, path: /bin/busybox}
        """;

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("bifrost-vex-");

    public void Dispose() => work.Delete(recursive: true);

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_AlpineSbomBusyboxSeen_WritesOpenVexForBothLibraries()
    {
        var run = await Vex("--report", Shared("alpine-cve.json"), "--sbom", Shared("alpine-sbom.json"), "--seen", Write("seen.txt", "/bin/busybox\n/etc/passwd\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        var document = JsonNode.Parse(run.Out)!.AsObject();
        Assert.Equal("https://openvex.dev/ns/v0.2.0", (string)document["@context"]!);
        Assert.All(["@id", "author", "timestamp", "version", "statements"], field => Assert.True(document.ContainsKey(field), field));
        var statements = document["statements"]!.AsArray();
        Assert.Equal(10, statements.Count);
        Assert.All(statements, s => Assert.Equal("pkg:oci/alpine@sha256%3Ae2e16842c9b54d985bf1ef9242a313f36b856181f188de21313820e177002501", (string)s!["products"]![0]!["@id"]!));
        Assert.Contains("findings 20 -> 0, unique IDs 10 -> 0, Critical+High unique IDs 2 -> 0", run.Error, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_NginxProfile_NamesOnlyUnusedPackagesByTheReportsPurls()
    {
        var output = Path.Combine(work.FullName, "bifrost.vex.json");

        var run = await Vex("--report", Shared("nginx-cve.json"), "--rootfs", Repository.Path("tests", "Bifrost.Core.Tests", "Relevancy", "Images", "nginx-debian9"),
            "--seen", Shared("nginx-ap.json"), "-o", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Empty(run.Out);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Shared("nginx-cve.json")))!["Content"]!["matches"]!.AsArray();
        var reportPurls = report.Select(m => (string)m!["artifact"]!["purl"]!).ToHashSet();
        var usedPurls = report.Where(m => (string)m!["artifact"]!["name"]! is "nginx" or "libc6" or "libpcre3" or "zlib1g" or "libssl1.1")
            .Select(m => (string)m!["artifact"]!["purl"]!).ToHashSet();
        var statements = JsonNode.Parse(await File.ReadAllTextAsync(output))!["statements"]!.AsArray();
        var named = statements.SelectMany(s => s!["products"]![0]!["subcomponents"]!.AsArray()).Select(c => (string)c!["@id"]!).ToHashSet();
        Assert.Subset(reportPurls, named);
        Assert.Empty(named.Intersect(usedPurls));
        Assert.Equal("pkg:oci/nginx@sha256%3A32fdf92b4e986e109e4db0865758020cb0c3b70d6ba80d02fe87bad5cc3dc228", (string)statements[0]!["products"]![0]!["@id"]!);
        Assert.Contains("findings 456 -> 72, unique IDs 287 -> 72, Critical+High unique IDs 129 -> 31", run.Error, StringComparison.Ordinal);
    }

    [RequiresTheory(typeof(RelevancyData))]
    [InlineData("Learning")]
    [InlineData("RolledBack")]
    public async Task Vex_ProfileStillLearning_RefusesWithoutAllowIncomplete(string phase)
    {
        var seen = Write("profile.yaml", LearningProfile.Replace("PHASE", phase, StringComparison.Ordinal));

        var refused = await Vex("--report", Shared("alpine-cve.json"), "--sbom", Shared("alpine-sbom.json"), "--seen", seen);
        var allowed = await Vex("--report", Shared("alpine-cve.json"), "--sbom", Shared("alpine-sbom.json"), "--seen", seen, "--allow-incomplete");

        Assert.Equal(1, refused.ExitCode);
        Assert.Empty(refused.Out);
        Assert.Contains("still learning", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-incomplete", refused.Error, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Error);
        Assert.Contains("from 2026-12-01T08:00:00Z", allowed.Out, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_StableProfile_WritesTheWindowInTheImpactStatement()
    {
        var seen = Write("profile.yaml", LearningProfile.Replace("PHASE", "Stable", StringComparison.Ordinal));

        var run = await Vex("--report", Shared("alpine-cve.json"), "--sbom", Shared("alpine-sbom.json"), "--seen", seen, "--container", "web");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("from 2026-12-01T08:00:00Z to 2026-12-02T08:00:00Z over 2 pods", (string)JsonNode.Parse(run.Out)!["statements"]![0]!["impact_statement"]!, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_NothingExecutedSeen_Refuses()
    {
        var run = await Vex("--report", Shared("alpine-cve.json"), "--sbom", Shared("alpine-sbom.json"), "--seen", Write("seen.txt", "/etc/passwd\n"));

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("no executed or mapped code", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vex_UnreadableReport_IsOneLineAndExitsThree()
    {
        var run = await Vex("--report", Path.Combine(work.FullName, "missing.json"), "--rootfs", work.FullName, "--seen", Write("seen.txt", "/bin/sh\n"));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.StartsWith("bifrost vex: cannot read ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vex_UnknownReportFormat_IsOneLineAndExitsThree()
    {
        var run = await Vex("--report", Write("report.json", """{"bomFormat": "CycloneDX"}"""), "--rootfs", work.FullName, "--seen", Write("seen.txt", "/bin/sh\n"));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("not a Grype or Trivy JSON report", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_RootfsWithoutPackageDatabase_IsOneLineAndExitsThree()
    {
        var run = await Vex("--report", Shared("alpine-cve.json"), "--rootfs", work.FullName, "--seen", Write("seen.txt", "/bin/sh\n"));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Contains("no package database", run.Error, StringComparison.Ordinal);
    }

    [RequiresFact("rpm", "rpmbuild")]
    public async Task Vex_RpmRootfs_NamesTheUnusedRpmsByTheirPurls()
    {
        var image = await RpmImage.GetAsync();
        var report = Write("grype.json", """
            {"matches": [
              {"vulnerability": {"id": "CVE-2026-0001", "severity": "High"}, "artifact": {"name": "hello", "version": "2:1.2-3.el9", "type": "rpm"}},
              {"vulnerability": {"id": "CVE-2026-0002", "severity": "Critical"}, "artifact": {"name": "libgreet", "version": "0.9-1.fc40", "type": "rpm"}},
              {"vulnerability": {"id": "CVE-2026-0003", "severity": "Low"}, "artifact": {"name": "bigdata", "version": "5-1", "type": "rpm"}}],
             "source": {"type": "image", "target": {"userInput": "registry.example/hello@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}}
            """);

        var run = await Vex("--report", report, "--rootfs", image.Root, "--seen", Write("seen.txt", "/usr/bin/hello\n/etc/hello.conf\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        var statements = JsonNode.Parse(run.Out)!["statements"]!.AsArray();
        var named = statements.ToDictionary(s => (string)s!["vulnerability"]!["name"]!, s => (string)s!["products"]![0]!["subcomponents"]![0]!["@id"]!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["CVE-2026-0002"] = "pkg:rpm/rhel/libgreet@0.9-1.fc40?arch=x86_64&distro=rhel-9.3",
            ["CVE-2026-0003"] = "pkg:rpm/rhel/bigdata@5-1?arch=noarch&distro=rhel-9.3",
        }, named);
        Assert.Contains("3 packages in the rpm database", run.Error, StringComparison.Ordinal);
        Assert.Contains("used: hello", run.Error, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_RootfsWithBerkeleyDbRpmDatabase_SaysItIsNotReadAndExitsThree()
    {
        var rpm = Directory.CreateDirectory(Path.Combine(work.FullName, "rootfs", "var", "lib", "rpm"));
        File.WriteAllBytes(Path.Combine(rpm.FullName, "Packages"), new byte[4096]);

        var run = await Vex("--report", Shared("alpine-cve.json"), "--rootfs", Path.Combine(work.FullName, "rootfs"), "--seen", Write("seen.txt", "/bin/sh\n"));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("/var/lib/rpm/Packages is a Berkeley DB rpm database", run.Error, StringComparison.Ordinal);
        Assert.Contains("not read", run.Error, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_PackagesWithoutReport_ListsEveryPackageAsUsedOrNot()
    {
        var run = await Vex("--packages", "--sbom", Shared("alpine-sbom.json"), "--seen", Write("seen.txt", "/bin/busybox\n/etc/passwd\n"));

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();
        Assert.All(rows, row => Assert.Equal(3, row.Length));
        // busybox-binsh too: a contains relationship of the SBOM gives it the file /bin/busybox (its /bin/sh links there).
        Assert.Equal(["busybox", "busybox-binsh", "musl"], rows.Where(r => r[0] == "used").Select(r => r[1]).Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r is ["unused", "libcrypto3", _]);
        Assert.Equal(15, rows.Count);
        Assert.Contains("packages: 3 used, 12 not used, 0 unknown", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("statements", run.Out, StringComparison.Ordinal);
    }

    [RequiresFact(typeof(RelevancyData))]
    public async Task Vex_PackagesWithNoCodeSeen_RefusesLikeTheDocument()
    {
        var run = await Vex("--packages", "--sbom", Shared("alpine-sbom.json"), "--seen", Write("seen.txt", "/etc/passwd\n"));

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("no executed or mapped code", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--packages", "--report", "r.json", "--sbom", "s.json", "--seen", "s.txt")]
    [InlineData("--packages", "--sbom", "s.json", "--seen", "s.txt", "--product", "pkg:oci/x")]
    [InlineData("--report", "r.json", "--seen", "s.txt")]
    [InlineData("--report", "r.json", "--sbom", "s.json", "--rootfs", "dir", "--seen", "s.txt")]
    [InlineData("--sbom", "s.json", "--seen", "s.txt")]
    [InlineData("--report", "r.json", "--sbom", "s.json")]
    [InlineData("--report", "r.json", "--sbom", "s.json", "--seen", "s.txt", "--colour")]
    public async Task Vex_BadCommandLine_PrintsUsageAndExitsTwo(params string[] args)
    {
        var run = await Vex(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("See 'bifrost vex --help'.", run.Error, StringComparison.Ordinal);
    }

    private static string Shared(string file) => SharedData.Path("relevancy", file);

    private static Task<CliRun> Vex(params string[] args) => CliRunner.RunAsync("", ["vex", .. args]);

    private string Write(string name, string text)
    {
        var path = Path.Combine(work.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
