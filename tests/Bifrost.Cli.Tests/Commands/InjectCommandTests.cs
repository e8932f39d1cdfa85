using System.Text.Json.Nodes;
using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Workloads;

namespace Bifrost.Cli.Tests.Commands;

public sealed class InjectCommandTests
{
    [Fact]
    public async Task Inject_DeploymentYaml_PrintsYamlWithTracerAndProfileNamedAfterDeployment()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Deployment);

        Assert.Equal(0, run.ExitCode);
        var deployment = Assert.Single(Parsed.Documents(run.Out));
        var spec = deployment["spec"]!["template"]!["spec"]!;
        var app = Parsed.Container(spec, "app");
        var expected = ProfileNames.Learning(new WorkloadIdentity("shop", "Deployment", "web"), "app");
        Assert.Equal(expected, Parsed.LocalhostProfile(app));
        Assert.Contains("_deploy_web_", expected, StringComparison.Ordinal);
        Assert.Equal("Localhost", (string?)app["securityContext"]!["appArmorProfile"]!["type"]);
        var tracer = Parsed.Container(spec, BifrostLabels.TracerContainerName);
        Assert.Equal("Deployment", Parsed.Env(tracer, "BIFROST_WORKLOAD_KIND"));
        Assert.Equal("web", Parsed.Env(tracer, "BIFROST_WORKLOAD_NAME"));
        Assert.Equal($"app={expected}", Parsed.Env(tracer, "BIFROST_CONTAINERS"));
        Assert.StartsWith("# the shop's web front end\napiVersion: apps/v1\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_DeploymentTemplate_GetsTheProfileTheWebhookGivesItsPods()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Deployment);

        // A pod the Deployment's ReplicaSet creates, as the API server sends it to the webhook.
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["generateName"] = "web-7f9c4d8b5-",
                ["labels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = "7f9c4d8b5" },
                ["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "ReplicaSet", ["name"] = "web-7f9c4d8b5", ["controller"] = true }),
            },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx:1.27" }) },
        };
        var request = new AdmissionRequest { Uid = "1", Operation = "CREATE", Namespace = "shop", Resource = "pods", Pod = pod };
        var decision = new PodMutator(new AdmissionOptions()).Decide(request, new OptedIn(), LearningCatalog.Instance);

        var template = Parsed.Documents(run.Out)[0]["spec"]!["template"]!;
        Assert.Equal(decision.Workload, new WorkloadIdentity("shop", "Deployment", "web"));
        Assert.Equal(
            (string?)decision.Patch!.OfType<JsonObject>().Single(op => ((string)op["path"]!).EndsWith("/securityContext", StringComparison.Ordinal))["value"]!["appArmorProfile"]!["localhostProfile"],
            Parsed.LocalhostProfile(Parsed.Container(template["spec"]!, "app")));
    }

    [Fact]
    public async Task Inject_JsonDeployment_PrintsJson()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.DeploymentJson, ".json");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("{", run.Out, StringComparison.Ordinal);
        var deployment = JsonNode.Parse(run.Out)!;
        var spec = deployment["spec"]!["template"]!["spec"]!;
        Assert.Equal(ProfileNames.Learning(new WorkloadIdentity("shop", "Deployment", "api"), "server"), Parsed.LocalhostProfile(Parsed.Container(spec, "server")));
        Assert.Equal(9090, (int)spec["containers"]![0]!["ports"]![0]!["containerPort"]!);
        Assert.NotNull(Parsed.Container(spec, BifrostLabels.TracerContainerName));
    }

    [Fact]
    public async Task Inject_MultiDocumentWithServiceAndConfigMap_CopiesThemAsWritten()
    {
        var input = SampleManifests.Stream(SampleManifests.Service, SampleManifests.Deployment, SampleManifests.ConfigMap);

        var run = await CliRunner.InjectAsync(input);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(SampleManifests.Service + "\n---\n", run.Out, StringComparison.Ordinal);
        Assert.EndsWith("\n---\n" + SampleManifests.ConfigMap + "\n", run.Out, StringComparison.Ordinal);
        var documents = Parsed.Documents(run.Out);
        Assert.Equal(["Service", "Deployment", "ConfigMap"], documents.Select(d => (string?)d["kind"]));
        Assert.Equal("3", (string?)documents[2]["data"]!["replicas"]);
        Assert.NotNull(Parsed.Container(documents[1]["spec"]!["template"]!["spec"]!, BifrostLabels.TracerContainerName));
    }

    [Fact]
    public async Task Inject_List_ChangesOnlyItsWorkloads()
    {
        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray(JsonNode.Parse(SampleManifests.DeploymentJson), new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = "api" } }),
        };

        var run = await CliRunner.InjectAsync(list.ToJsonString(), ".json");

        Assert.Equal(0, run.ExitCode);
        var items = JsonNode.Parse(run.Out)!["items"]!.AsArray();
        Assert.NotNull(Parsed.Container(items[0]!["spec"]!["template"]!["spec"]!, BifrostLabels.TracerContainerName));
        Assert.True(JsonNode.DeepEquals(list["items"]![1], items[1]));
    }

    [Fact]
    public async Task Inject_YamlList_ChangesItsPodsAndKeepsOtherItems()
    {
        var list = "apiVersion: v1\nkind: List\nitems:\n" + string.Concat(
            new[] { SampleManifests.Pod, SampleManifests.ConfigMap }.Select(item => "- " + item.Replace("\n", "\n  ", StringComparison.Ordinal) + "\n"));

        var run = await CliRunner.InjectAsync(list);

        Assert.Equal(0, run.ExitCode);
        var items = Parsed.Documents(run.Out).Single()["items"]!.AsArray();
        Assert.NotNull(Parsed.LocalhostProfile(Parsed.Container(items[0]!["spec"]!, "shell")));
        Assert.True(JsonNode.DeepEquals(Parsed.Documents(list)[0]["items"]![1], items[1]));
    }

    [Fact]
    public async Task Inject_CronJob_ChangesTheJobTemplatesPodAsCronJobWorkload()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.CronJob);

        Assert.Equal(0, run.ExitCode);
        var spec = Parsed.Documents(run.Out)[0]["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!;
        var tracer = Parsed.Container(spec, BifrostLabels.TracerContainerName);
        Assert.Equal("CronJob", Parsed.Env(tracer, "BIFROST_WORKLOAD_KIND"));
        Assert.Equal("backup", Parsed.Env(tracer, "BIFROST_WORKLOAD_NAME"));
        Assert.Equal(ProfileNames.Learning(new WorkloadIdentity("ops", "CronJob", "backup"), "dump"), Parsed.LocalhostProfile(Parsed.Container(spec, "dump")));
        Assert.Equal("Always", (string?)tracer["restartPolicy"]);
    }

    [Theory]
    [InlineData("StatefulSet", "apps/v1")]
    [InlineData("DaemonSet", "apps/v1")]
    [InlineData("ReplicaSet", "apps/v1")]
    [InlineData("Job", "batch/v1")]
    public async Task Inject_Workload_NamesTheWorkloadKindInTheTracer(string kind, string apiVersion)
    {
        var manifest = SampleManifests.Deployment.Replace("kind: Deployment", $"kind: {kind}", StringComparison.Ordinal)
            .Replace("apiVersion: apps/v1", $"apiVersion: {apiVersion}", StringComparison.Ordinal);

        var run = await CliRunner.InjectAsync(manifest);

        var spec = Parsed.Documents(run.Out)[0]["spec"]!["template"]!["spec"]!;
        Assert.Equal(kind, Parsed.Env(Parsed.Container(spec, BifrostLabels.TracerContainerName), "BIFROST_WORKLOAD_KIND"));
        Assert.Equal(ProfileNames.Learning(new WorkloadIdentity("shop", kind, "web"), "app"), Parsed.LocalhostProfile(Parsed.Container(spec, "app")));
    }

    [Fact]
    public async Task Inject_StandardInput_ReadsTheManifestFromStdin()
    {
        var run = await CliRunner.RunAsync(SampleManifests.Pod, "inject", "-f", "-");

        Assert.Equal(0, run.ExitCode);
        var pod = Parsed.Documents(run.Out)[0];
        Assert.Equal(ProfileNames.Learning(new WorkloadIdentity("default", "Pod", "tool"), "shell"), Parsed.LocalhostProfile(Parsed.Container(pod["spec"]!, "shell")));
    }

    [Fact]
    public async Task Inject_PodOptedOutOfAProtectedNamespace_PrintsItUnchangedAndSaysTheWebhookWouldDenyIt()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.OptedOutPod);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(SampleManifests.OptedOutPod, run.Out);
        Assert.Contains("Pod default/debug: left unchanged; the webhook would deny it: namespace default is protected", run.Error, StringComparison.Ordinal);
        Assert.Contains("bifrost.io/allow-opt-out=true", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_PodOptedOutOfANamespaceThatAllowsOptOut_IsLeftUnchanged()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.OptedOutPod, ".yaml", "--namespace-label", "bifrost.io/allow-opt-out=true");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(SampleManifests.OptedOutPod, run.Out);
        Assert.Contains("Pod default/debug: left unchanged (opted-out)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_AlreadyInjectedManifest_IsUnchanged()
    {
        var input = SampleManifests.Stream(SampleManifests.Deployment, SampleManifests.Service, SampleManifests.CronJob, SampleManifests.Pod);
        var once = await CliRunner.InjectAsync(input);

        var twice = await CliRunner.InjectAsync(once.Out);

        Assert.Equal(0, twice.ExitCode);
        Assert.Equal(once.Out, twice.Out);
        Assert.Contains("left unchanged (already-injected)", twice.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_AlreadyInjectedJson_IsUnchanged()
    {
        var once = await CliRunner.InjectAsync(SampleManifests.DeploymentJson, ".json");

        var twice = await CliRunner.InjectAsync(once.Out, ".json");

        Assert.Equal(once.Out, twice.Out);
    }

    [Fact]
    public async Task Inject_MalformedSecondDocument_ExitsThreeNamingTheDocumentAndLine()
    {
        var broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              template: [unclosed
            """;
        var input = SampleManifests.Stream(SampleManifests.Service, broken);

        var run = await CliRunner.InjectAsync(input);

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("document 2 (Deployment/broken): line ", run.Error, StringComparison.Ordinal);
        var line = int.Parse(run.Error.Split("line ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(line, 11, 17);
    }

    [Fact]
    public async Task Inject_MalformedJson_ExitsThreeWithTheLine()
    {
        var run = await CliRunner.InjectAsync("{\n  \"kind\": \"Pod\",\n  \"metadata\": {\n}\n", ".json");

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("document 1 (Pod): line ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_DocumentThatIsNotAnObject_ExitsThree()
    {
        var run = await CliRunner.InjectAsync(SampleManifests.Stream(SampleManifests.Pod, "- just\n- a list"));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Contains("document 2: expected a Kubernetes object (a mapping), got a list", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inject_MissingFile_ExitsThree()
    {
        var run = await CliRunner.RunAsync("", "inject", "-f", "/nonexistent/deploy.yaml");

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Contains("cannot read /nonexistent/deploy.yaml", run.Error, StringComparison.Ordinal);
    }

    private sealed class OptedIn : INamespaceLookup
    {
        public NamespaceInfo? Find(string name) => new(name, new Dictionary<string, string> { [BifrostLabels.Protect] = "enabled" });
    }
}
