using System.Text.RegularExpressions;
using Bifrost.K3s.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Bifrost.K3s.Tests.Manifests;

/// <summary>
/// The Prometheus Operator objects in manifests/monitoring: the rule groups pass the real promtool, each alert fires
/// on its own series (promtool's rule tests), and every Bifrost metric an alert reads is one the code exports.
/// </summary>
public sealed partial class MonitoringTests
{
    private static readonly string Directory = Path.Combine(Repository.Path("manifests"), "monitoring");

    /// <summary>Metrics the alerts read that are not Bifrost's: the scrape's own and the API server's.</summary>
    private static readonly string[] OtherMetrics = ["up", "apiserver_admission_webhook_fail_open_count"];

    private static readonly string[] Severities = ["critical", "warning"];

    [Fact]
    public void Kustomization_ListsTheMonitorsAndTheRulesAndTheRootDoesNot()
    {
        Assert.Equal(
            ["servicemonitor.yaml", "podmonitor.yaml", "prometheusrule.yaml"],
            ManifestFiles.Listed(Directory, "resources").Select(Path.GetFileName));
        Assert.DoesNotContain(ManifestFiles.Listed(Repository.Path("manifests"), "resources"), path => path.StartsWith(Directory, StringComparison.Ordinal));
    }

    [RequiresFact("kubectl")]
    public async Task Kustomization_RendersThreeObjectsInBifrostSystem()
    {
        // The client has no Prometheus Operator models; those objects are only counted here, so any model will carry them.
        var objects = await Kustomize.RenderAsync(Directory, new Dictionary<string, Type>
        {
            ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(k8s.Models.V1ConfigMap),
            ["monitoring.coreos.com/v1/PodMonitor"] = typeof(k8s.Models.V1ConfigMap),
            ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(k8s.Models.V1ConfigMap),
        });

        Assert.Equal(3, objects.Count);
        Assert.All(objects.Cast<k8s.Models.V1ConfigMap>(), o => Assert.Equal("bifrost-system", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Rules_AlertOnEachWayProtectionFails()
    {
        var alerts = Rules().Select(r => r.Alert).ToList();

        Assert.Equal(alerts.Count, alerts.Distinct().Count());
        Assert.All(
            ["BifrostWebhookDown", "BifrostWebhookFailingOpen", "BifrostAdmissionErrors", "BifrostPodsUnprotected",
             "BifrostTracerDroppingRecords", "BifrostEnforceDenials", "BifrostWorkloadRolledBack"],
            name => Assert.Contains(name, alerts));
        Assert.All(Rules(), rule => Assert.Contains(rule.Severity, Severities));
    }

    [Fact]
    public void Rules_EveryMetricTheyRead_IsExportedByBifrostOrNamedAsAnother()
    {
        var exported = Exported();
        var read = Rules().SelectMany(r => MetricName().Matches(r.Expr).Select(m => m.Value)).Distinct().ToList();

        Assert.Contains("bifrost_pods_unprotected", read);
        Assert.All(read.Where(name => name.StartsWith("bifrost_", StringComparison.Ordinal)), name =>
            Assert.True(exported.Contains(Regex.Replace(name, "_(bucket|sum|count)$", "")) || exported.Contains(name),
                $"an alert reads {name}, which no code under src/ exports"));
        Assert.All(
            Rules().SelectMany(r => Selectors().Matches(r.Expr).Select(m => m.Groups["name"].Value)).Where(n => !n.StartsWith("bifrost_", StringComparison.Ordinal)),
            name => Assert.Contains(name, OtherMetrics));
    }

    [RequiresFact("promtool")]
    public async Task Rules_PassPromtoolCheckAndTheirTests()
    {
        var work = System.IO.Directory.CreateTempSubdirectory("bifrost-rules-");
        try
        {
            var rules = Path.Combine(work.FullName, "rules.yaml");
            WriteGroups(rules);
            var tests = Path.Combine(work.FullName, "alerts.test.yaml");
            File.Copy(Repository.Path("tests", "Bifrost.K3s.Tests", "Manifests", "Monitoring", "alerts.test.yaml"), tests);

            var check = await Processes.RunAsync(Tools.Find("promtool")!, ["check", "rules", rules]);
            Assert.True(check.ExitCode == 0, $"promtool check rules: {check.Stdout}{check.Stderr}");
            Assert.Contains($"SUCCESS: {Rules().Count} rules found", check.Stdout, StringComparison.Ordinal);

            var test = await Processes.RunAsync(Tools.Find("promtool")!, ["test", "rules", tests]);
            Assert.True(test.ExitCode == 0, $"promtool test rules: {test.Stdout}{test.Stderr}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static YamlMappingNode PrometheusRule()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Directory, "prometheusrule.yaml"));
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("monitoring.coreos.com/v1", ((YamlScalarNode)root["apiVersion"]).Value);
        Assert.Equal("PrometheusRule", ((YamlScalarNode)root["kind"]).Value);
        return root;
    }

    /// <summary>What promtool reads: the PrometheusRule's spec.groups as a rule file of its own.</summary>
    private static void WriteGroups(string path)
    {
        var groups = ((YamlMappingNode)PrometheusRule()["spec"])["groups"];
        var document = new YamlDocument(new YamlMappingNode(new YamlScalarNode("groups"), groups));
        using var writer = new StreamWriter(path);
        new YamlStream(document).Save(writer, assignAnchors: false);
    }

    private static List<(string Alert, string Expr, string Severity)> Rules() =>
        [.. ((YamlSequenceNode)((YamlMappingNode)PrometheusRule()["spec"])["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            .Select(rule => (
                ((YamlScalarNode)rule["alert"]).Value!,
                ((YamlScalarNode)rule["expr"]).Value!,
                ((YamlScalarNode)((YamlMappingNode)rule["labels"])["severity"]).Value!))];

    /// <summary>Every metric name the code under src/ registers, as the string literal it is created with.</summary>
    private static HashSet<string> Exported() =>
        [.. System.IO.Directory.EnumerateFiles(Repository.Path("src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => Literal().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))];

    [GeneratedRegex(@"\bbifrost_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    /// <summary>A metric name right before its label selector, or a bare one before a range or a closing parenthesis.</summary>
    [GeneratedRegex(@"(?<![a-z_])(?<name>[a-z_][a-z0-9_]*)(\{|\[)")]
    private static partial Regex Selectors();

    [GeneratedRegex("\"(?<name>bifrost_[a-z0-9_]+)\"")]
    private static partial Regex Literal();
}
