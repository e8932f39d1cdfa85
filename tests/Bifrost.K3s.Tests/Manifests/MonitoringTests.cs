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
            ["servicemonitor-webhook.yaml", "servicemonitor-agent.yaml", "prometheusrule.yaml"],
            ManifestFiles.Listed(Directory, "resources").Select(Path.GetFileName));
        Assert.DoesNotContain(ManifestFiles.Listed(Repository.Path("manifests"), "resources"), path => path.StartsWith(Directory, StringComparison.Ordinal));
    }

    [RequiresFact("kubectl")]
    public async Task Kustomization_RendersTheMonitorsTheRulesAndTheDashboardInBifrostSystem()
    {
        // The client has no Prometheus Operator models; those objects are only counted here, so any model will carry them.
        var objects = await Kustomize.RenderAsync(Directory, new Dictionary<string, Type>
        {
            ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(k8s.Models.V1ConfigMap),
            ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(k8s.Models.V1ConfigMap),
        });

        Assert.Equal(4, objects.Count);
        Assert.All(objects.Cast<k8s.Models.V1ConfigMap>(), o => Assert.Equal("bifrost-system", o.Metadata.NamespaceProperty));
        // The generated ConfigMap is the dashboard for Grafana's sidecar: its label, under a stable name, the file as it is.
        var dashboard = Assert.Single(objects.Cast<k8s.Models.V1ConfigMap>(), o => o.Data is not null);
        Assert.Equal("bifrost-grafana-dashboard", dashboard.Metadata.Name);
        Assert.Equal("1", dashboard.Metadata.Labels["grafana_dashboard"]);
        Assert.Equal(File.ReadAllText(Path.Combine(Directory, "grafana-dashboard.json")), dashboard.Data["bifrost.json"]);
    }

    [Fact]
    public void Dashboard_EveryPanelQueriesTheDatasourceVariable_WithUniqueIdsAndRefIds()
    {
        using var dashboard = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "grafana-dashboard.json")));
        var root = dashboard.RootElement;
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        var queried = panels.Where(p => p.GetProperty("type").GetString() != "row").ToList();

        Assert.Equal(39, root.GetProperty("schemaVersion").GetInt32());
        var datasource = Assert.Single(root.GetProperty("templating").GetProperty("list").EnumerateArray(), v => v.GetProperty("name").GetString() == "datasource");
        Assert.Equal("datasource", datasource.GetProperty("type").GetString());
        Assert.Equal("prometheus", datasource.GetProperty("query").GetString());
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(queried, panel =>
        {
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.All(targets, t => Assert.Equal("${datasource}", t.GetProperty("datasource").GetProperty("uid").GetString()));
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString())));
        });
        var titles = queried.Select(p => p.GetProperty("title").GetString()).ToList();
        Assert.All(
            ["Admission rate by outcome", "Admission latency", "Skips by reason", "Learning progress per workload",
             "Records lost before reporting", "Enforce denials by node", "Rollbacks", "Pods that slipped past admission"],
            title => Assert.Contains(title, titles));
    }

    [Fact]
    public void Dashboard_EveryBifrostMetricItReads_IsExportedByBifrostOrNamedAsAnother()
    {
        var exported = Exported();
        var read = MetricName().Matches(File.ReadAllText(Path.Combine(Directory, "grafana-dashboard.json"))).Select(m => m.Value).Distinct().ToList();

        Assert.All(read, name =>
            Assert.True(exported.Contains(Regex.Replace(name, "_(bucket|sum|count)$", "")) || exported.Contains(name),
                $"the dashboard reads {name}, which no code under src/ exports"));
    }

    [Theory]
    [InlineData("servicemonitor-webhook.yaml", "bifrost-webhook", "bifrost-webhook", "https")]
    [InlineData("servicemonitor-agent.yaml", "bifrost-agent", "bifrost-agent", "http")]
    public void ServiceMonitor_SelectsOnlyItsComponentsService_OnAPortItsPodsServe(string file, string service, string workload, string scheme)
    {
        var monitor = Load(file);
        var spec = (YamlMappingNode)monitor["spec"];
        var selector = ((YamlMappingNode)((YamlMappingNode)spec["selector"])["matchLabels"]).Children
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!);
        var endpoint = (YamlMappingNode)((YamlSequenceNode)spec["endpoints"])[0];
        var port = ((YamlScalarNode)endpoint["port"]).Value;
        var services = ManifestFiles.Objects(ManifestFiles.Base).OfType<k8s.Models.V1Service>().ToList();

        Assert.Equal("bifrost-system", ((YamlScalarNode)((YamlMappingNode)monitor["metadata"])["namespace"]).Value);
        Assert.Equal(scheme, ((YamlScalarNode)endpoint["scheme"]).Value);
        Assert.Equal("/metrics", ((YamlScalarNode)endpoint["path"]).Value);
        var selected = Assert.Single(services, s => selector.All(l => s.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value));
        Assert.Equal(service, selected.Metadata.Name);
        Assert.Contains(selected.Spec.Ports, p => p.Name == port);
        var targetPort = selected.Spec.Ports.Single(p => p.Name == port).TargetPort.Value;
        var pods = ManifestFiles.Objects(ManifestFiles.Base).OfType<k8s.Models.V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template))
            .Concat(ManifestFiles.Objects(ManifestFiles.Base).OfType<k8s.Models.V1DaemonSet>().Select(d => (d.Metadata.Name, d.Spec.Template)))
            .Single(w => w.Name == workload).Template;
        Assert.All(selected.Spec.Selector, l => Assert.Equal(l.Value, pods.Metadata.Labels[l.Key]));
        Assert.Contains(pods.Spec.Containers.SelectMany(c => c.Ports), p => p.Name == targetPort);
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

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Directory, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode PrometheusRule()
    {
        var root = Load("prometheusrule.yaml");
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
