using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bifrost.Core.Admission;
using Bifrost.Core.Learning;
using Bifrost.Core.Observations;
using Bifrost.Webhook.Namespaces;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace Bifrost.Webhook.Tests.Monitoring;

/// <summary>
/// The observability bundle against running components: the real webhook (in process, HTTPS) and the real node agent
/// (its own process, local mode) take traffic that makes every outcome the dashboard and the alerts look at, a real
/// Prometheus scrapes both every second with the PrometheusRule's groups loaded, and then every query of
/// manifests/monitoring/grafana-dashboard.json returns data, every metric selector of every alert returns data (an
/// alert's condition is false while all is well, so the condition itself is only checked to evaluate), and Prometheus
/// evaluates every rule without error.
/// </summary>
public sealed partial class MonitoringQueryTests : IDisposable
{
    /// <summary>
    /// Metrics that only a cluster produces, each with the reason; queries reading nothing else are run (they must
    /// parse and evaluate) but may come back empty here.
    /// </summary>
    private static readonly Dictionary<string, string> ClusterOnly = new(StringComparer.Ordinal)
    {
        ["apiserver_admission_webhook_fail_open_count"] = "the API server's own count of failed webhook calls, scraped from the API server",
        ["bifrost_pods_unprotected"] = "set by the leader's search of the API server's running pods, registered only with a cluster",
        ["bifrost_reconcile_rounds_total"] = "counted by that same search, registered only with a cluster",
    };

    /// <summary>What Grafana puts in place of its variables; $namespace stands for its All value.</summary>
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["$__rate_interval"] = "1m",
        ["$__range"] = "5m",
        ["$namespace"] = ".*",
    };

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "inf", "nan"];

    private static readonly Observation[] Learned =
    [
        new FileObservation { Container = "app", Path = "/usr/share/nginx/html/index.html", Access = AccessMask.Read },
        new ExecObservation { Container = "app", Path = "/usr/sbin/nginx" },
    ];

    private readonly string state = Directory.CreateTempSubdirectory("bifrost-monitoring-").FullName;

    public void Dispose() => Directory.Delete(state, recursive: true);

    [RequiresFact("openssl", "apparmor_parser", "prometheus", "promtool")]
    public async Task DashboardAndRules_EveryQueryReturnsDataFromTheRunningComponents()
    {
        using var certificates = await TestCertificates.GenerateAsync();
        await using var webhook = await WebhookServer.StartAsync(certificates,
        [
            .. WebhookServer.StateSettings(state),
            "--Bifrost:Namespaces:shop:Labels:bifrost.io/protect=enabled",
            "--Bifrost:Namespaces:faulty:Labels:bifrost.io/protect=enabled",
            "--Bifrost:Intake:FlushInterval=00:00:00.2",
            "--Bifrost:Learning:MinimumLearningPeriod=00:00:00",
            "--Bifrost:Learning:QuietPeriod=00:00:01",
            "--Bifrost:Learning:EvaluateInterval=00:00:00.3",
        ], configure: builder => builder.Services.AddSingleton<INamespaceLookup>(p => new FaultyNamespace(new StaticNamespaceLookup(p.GetRequiredService<IConfiguration>()))));
        Directory.CreateDirectory(Path.Combine(state, "profiles"));
        await using var agent = await AgentProcess.StartAsync(Directory.CreateDirectory(Path.Combine(state, "agent")).FullName, Path.Combine(state, "profiles"));

        var rules = Path.Combine(state, "rules.yaml");
        WriteRuleGroups(rules);
        var config = PrometheusConfig(webhook.BaseAddress, agent.Address, certificates.CaFile, rules);
        await using var prometheus = await PrometheusServer.StartAsync(state, config);
        var check = await Processes.RunAsync(Tools.Find("promtool")!, ["check", "config", Path.Combine(state, "prometheus.yml")]);
        Assert.True(check.ExitCode == 0, $"promtool check config: {check.Stdout}{check.Stderr}");

        await DriveTrafficAsync(webhook);

        // Scrapes every second: poll until everything has data (a rate needs two samples), then assert on the last round.
        List<string> missing = [];
        for (var stopwatch = System.Diagnostics.Stopwatch.StartNew(); stopwatch.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(1000))
        {
            missing = await MissingAsync(prometheus);
            if (missing.Count == 0)
                break;
        }

        Assert.True(missing.Count == 0, "queries without data:\n" + string.Join('\n', missing) + "\nagent output:\n" + agent.Output);
        var groups = await prometheus.RuleGroupsAsync();
        var loaded = groups.SelectMany(g => g!["rules"]!.AsArray()).ToList();
        Assert.Equal(Rules().Count, loaded.Count);
        Assert.All(loaded, rule => Assert.True((string?)rule!["health"] == "ok", $"{rule["name"]}: {rule["lastError"]}"));
        foreach (var (name, metrics) in new[] { ("webhook", await webhook.MetricsAsync()), ("agent", await agent.MetricsAsync()) })
        {
            var lint = await Processes.RunAsync(Tools.Find("promtool")!, ["check", "metrics"], stdin: metrics);
            Assert.True(lint.ExitCode == 0, $"promtool check metrics ({name}): {lint.Stdout}{lint.Stderr}");
        }
    }

    [Fact]
    public void Selectors_FindEveryMetricAnExpressionReads_AndNoFunctionOrLabel()
    {
        Assert.Equal(
            ["up{job=\"bifrost-webhook\"}"],
            Selectors("absent(up{job=\"bifrost-webhook\"} == 1)"));
        Assert.Equal(
            ["bifrost_admission_duration_seconds_bucket"],
            Selectors("histogram_quantile(0.99, sum by (le) (rate(bifrost_admission_duration_seconds_bucket[5m]))) > 1"));
        Assert.Equal(
            ["bifrost_tls_certificate_expiry_timestamp_seconds"],
            Selectors("min(bifrost_tls_certificate_expiry_timestamp_seconds) - time() < 7 * 24 * 3600"));
        Assert.Equal(
            ["bifrost_a_total{x=\"1\"}", "bifrost_b"],
            Selectors("sum without (instance, cause) (increase(bifrost_a_total{x=\"1\"}[15m] offset 1m)) / on (job) group_left (node) bifrost_b"));
    }

    /// <summary>Each dashboard query, and each metric selector of each alert, that came back empty (cluster-only metrics aside).</summary>
    private static async Task<List<string>> MissingAsync(PrometheusServer prometheus)
    {
        var missing = new List<string>();
        foreach (var (title, expr) in DashboardQueries())
        {
            var result = await prometheus.QueryAsync(expr);
            if (result.Count == 0 && !Selectors(expr).All(ReadsClusterOnly))
                missing.Add($"dashboard panel '{title}': {expr}");
        }

        foreach (var (alert, expr) in Rules())
        {
            await prometheus.QueryAsync(expr);
            foreach (var selector in Selectors(expr).Where(s => !ReadsClusterOnly(s)))
            {
                if ((await prometheus.QueryAsync(selector)).Count == 0)
                    missing.Add($"alert {alert}: {selector}");
            }
        }

        return missing;
    }

    private static bool ReadsClusterOnly(string selector) => ClusterOnly.ContainsKey(SelectorPattern().Match(selector).Groups["name"].Value);

    /// <summary>
    /// Every admission outcome the panels split by, a learning workload that reaches Enforcing and is rolled back by a
    /// node agent's denial report, and a tracer report with dropped records.
    /// </summary>
    private async Task DriveTrafficAsync(WebhookServer webhook)
    {
        var windows = Reviews.Pod("uid-windows", "shop");
        windows["request"]!["object"]!["spec"]!["os"] = new JsonObject { ["name"] = "windows" };
        foreach (var review in new[]
        {
            Reviews.Pod("uid-injected", "shop"),
            Reviews.Pod("uid-dry-run", "shop", dryRun: true),
            windows,
            Reviews.Pod("uid-opt-out", "shop", protect: "false"),
            Reviews.Pod("uid-fault", "faulty"),
        })
        {
            using var response = await Reviews.PostAsync(webhook.Client, Reviews.Json(review));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await ReportAsync(webhook, new ObservationReport
        {
            Pod = new ReportPod { Namespace = "shop", Name = "web-7d4b9c-pod-1", Uid = "pod-1" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
            Sequence = 1,
            Dropped = 3,
            Images = new Dictionary<string, string> { ["app"] = "nginx:1.27" },
            Observations = Learned,
        });
        Assert.NotNull(await ProfileFiles.WaitForAsync(Path.Combine(state, "profiles"), "shop", "deployment-web", p => p.Status.Phase == ProfilePhase.Enforcing));
        await ReportAsync(webhook, new ObservationReport
        {
            Pod = new ReportPod { Namespace = "bifrost-system", Name = "bifrost-agent-x7k2p", Uid = "agent-1", Node = "node-1" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web", Namespace = "shop" },
            Source = ReportSource.Denied,
            Sequence = 1,
            Observations = [new FileObservation { Container = "app", Path = "/var/cache/nginx/client_temp", Access = AccessMask.Write | AccessMask.Create }],
        });
        Assert.NotNull(await ProfileFiles.WaitForAsync(Path.Combine(state, "profiles"), "shop", "deployment-web", p => p.Status.Phase == ProfilePhase.RolledBack));
    }

    private async Task ReportAsync(WebhookServer webhook, ObservationReport body)
    {
        using var report = new HttpRequestMessage(HttpMethod.Post, "/v1/observations") { Content = JsonContent.Create(body, options: ObservationJson.Options) };
        report.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(state, "token")).Trim());
        using var accepted = await webhook.Client.SendAsync(report);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    /// <summary>Both components under the job names the ServiceMonitors give them, so the alerts' up{job=...} match.</summary>
    private static string PrometheusConfig(Uri webhook, Uri agent, string caFile, string rules) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
        - {rules}
        scrape_configs:
        - job_name: bifrost-webhook
          scheme: https
          tls_config:
            ca_file: {caFile}
            server_name: localhost
          static_configs:
          - targets: ['{webhook.Authority}']
        - job_name: bifrost-agent
          static_configs:
          - targets: ['{agent.Authority}']
            labels:
              node: node-1
        """;

    /// <summary>Every target's expression of every panel, with Grafana's variables replaced.</summary>
    private static List<(string Title, string Expr)> DashboardQueries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Repository.Path("manifests", "monitoring", "grafana-dashboard.json")))!;
        var queries = dashboard["panels"]!.AsArray()
            .Where(panel => panel!["targets"] is JsonArray)
            .SelectMany(panel => panel!["targets"]!.AsArray().Select(target => ((string)panel["title"]!, Substitute((string)target!["expr"]!))))
            .ToList();
        Assert.NotEmpty(queries);
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Item2, StringComparison.Ordinal));
        return queries;
    }

    private static string Substitute(string expr) =>
        Variables.Aggregate(expr, (text, variable) => text.Replace(variable.Key, variable.Value, StringComparison.Ordinal));

    /// <summary>
    /// The vector selectors of an expression, minimally parsed: label lists of grouping and matching clauses are removed,
    /// then every name that is not a function, an aggregation or a keyword is one, with its label matchers.
    /// </summary>
    internal static List<string> Selectors(string expr)
    {
        var bare = GroupingClause().Replace(expr, " ");
        return [.. SelectorPattern().Matches(bare)
            .Where(m => !Keywords.Contains(m.Groups["name"].Value))
            .Select(m => m.Value.Trim())
            .Distinct()];
    }

    private static void WriteRuleGroups(string path)
    {
        var groups = ((YamlMappingNode)PrometheusRule()["spec"])["groups"];
        var document = new YamlDocument(new YamlMappingNode(new YamlScalarNode("groups"), groups));
        using var writer = new StreamWriter(path);
        new YamlStream(document).Save(writer, assignAnchors: false);
    }

    private static List<(string Alert, string Expr)> Rules() =>
        [.. ((YamlSequenceNode)((YamlMappingNode)PrometheusRule()["spec"])["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            .Select(rule => (((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!))];

    private static YamlMappingNode PrometheusRule()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Repository.Path("manifests", "monitoring", "prometheusrule.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex GroupingClause();

    /// <summary>A metric name (not inside another name or after a digit) with optional matchers, not followed by a call's parenthesis.</summary>
    [GeneratedRegex(@"(?<![\w:.])(?<name>[a-zA-Z_:][\w:]*)(?![\w:])(\{[^}]*\})?(?!\s*\()")]
    private static partial Regex SelectorPattern();

    /// <summary>The namespace lookup of local mode, except that one namespace breaks it: how a fault while deciding looks.</summary>
    private sealed class FaultyNamespace(INamespaceLookup inner) : INamespaceLookup
    {
        public NamespaceInfo? Find(string name) =>
            name == "faulty" ? throw new InvalidOperationException("the namespace lookup broke") : inner.Find(name);
    }
}
