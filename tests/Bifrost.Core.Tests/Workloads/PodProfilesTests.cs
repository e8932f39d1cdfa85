using System.Text.Json.Nodes;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Profiles;
using Bifrost.Core.Tests.AppArmor;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.Tests.Workloads;

public sealed class PodProfilesTests
{
    private static JsonObject Pod(string? status, string? @namespace = "shop")
    {
        var metadata = new JsonObject { ["name"] = "web-7d4b9c-x2x9z" };
        if (@namespace is not null)
            metadata["namespace"] = @namespace;
        if (status is not null)
            metadata["annotations"] = new JsonObject { ["bifrost.io/status"] = status, ["other"] = "x" };
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = new JsonObject { ["nodeName"] = "node-1" } };
    }

    [Fact]
    public void Read_TracerlessLearningPod_GivesEachContainersOwnLearningProfileWithItsWorkload()
    {
        var pod = Pod("""{"phase":"Learning","workload":"Deployment/web","tracer":false,"profiles":{"app":"bifrost_shop_deploy_web_app_learn","proxy":"bifrost_shop_deploy_web_proxy_learn"}}""");

        var profiles = PodProfiles.Read(pod);

        var web = new WorkloadIdentity("shop", "Deployment", "web");
        Assert.Equal(
            [new PodProfile("bifrost_shop_deploy_web_app_learn", web, "app", true), new PodProfile("bifrost_shop_deploy_web_proxy_learn", web, "proxy", true)],
            profiles);
    }

    [Fact]
    public void Read_BootstrapAndEnforceNames_AreNotLearning()
    {
        var pod = Pod("""{"phase":"Enforcing","workload":"StatefulSet/db","tracer":false,"profiles":{"app":"bifrost_shop_sts_db_app_0123456789","init":"bifrost_bootstrap"}}""");

        var profiles = PodProfiles.Read(pod);

        Assert.Equal(2, profiles.Count);
        Assert.All(profiles, p => Assert.False(p.IsLearning));
        Assert.All(profiles, p => Assert.Equal(new WorkloadIdentity("shop", "StatefulSet", "db"), p.Workload));
    }

    [Fact]
    public void Read_NameMadeByProfileNames_IsLearning()
    {
        var workload = new WorkloadIdentity("shop", "CronJob", new string('n', 240));
        var name = ProfileNames.Learning(workload, "app");
        var pod = Pod($$$"""{"workload":"CronJob/{{{workload.Name}}}","profiles":{"app":"{{{name}}}"}}""");

        Assert.True(Assert.Single(PodProfiles.Read(pod)).IsLearning);
        Assert.False(ProfileNames.IsLearning(ProfileNames.Bootstrap));
        Assert.False(ProfileNames.IsLearning(ProfileNames.Enforce(workload, "app", "profile x {}")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"Learning\"")]
    [InlineData("""{"workload":"Deployment/web"}""")]
    [InlineData("""{"profiles":{"app":"bifrost_shop_deploy_web_app_learn"}}""")]
    [InlineData("""{"workload":"web","profiles":{"app":"bifrost_shop_deploy_web_app_learn"}}""")]
    [InlineData("""{"workload":"Deployment/","profiles":{"app":"bifrost_shop_deploy_web_app_learn"}}""")]
    [InlineData("""{"workload":"a/b/c","profiles":{"app":"bifrost_shop_deploy_web_app_learn"}}""")]
    [InlineData("""{"workload":42,"profiles":{"app":"bifrost_shop_deploy_web_app_learn"}}""")]
    [InlineData("""{"workload":"Deployment/web","profiles":["bifrost_shop_deploy_web_app_learn"]}""")]
    [InlineData("""{"workload":"Deployment/web","profiles":{"app":7}}""")]
    [InlineData("""{"workload":"Deployment/web","profiles":{"app":"unconfined"}}""")]
    [InlineData("""{"workload":"Deployment/web","profiles":{"app":"bifrost_x y_learn"}}""")]
    [InlineData("""{"workload":"Deployment/web","profiles":{"app":"bifrost_a_learn","app":"bifrost_b_learn"}}""")]
    [InlineData("""{"workload":"Deployment/web","workload":"Deployment/api","profiles":{}}""")]
    public void Read_BadOrMissingAnnotation_GivesNothing(string? status)
    {
        Assert.Empty(PodProfiles.Read(Pod(status)));
    }

    [Fact]
    public void Read_PodWithoutNamespaceOrMetadata_GivesNothing()
    {
        const string status = """{"workload":"Deployment/web","profiles":{"app":"bifrost_shop_deploy_web_app_learn"}}""";
        Assert.Empty(PodProfiles.Read(Pod(status, @namespace: null)));
        Assert.Empty(PodProfiles.Read(null));
        Assert.Empty(PodProfiles.Read(new JsonArray()));
        Assert.Empty(PodProfiles.Read(JsonNode.Parse("""{"metadata":{"namespace":"shop","annotations":{"bifrost.io/status":5}}}""")));
    }

    [RequiresFact("apparmor_parser")]
    public void RenderedAs_LearningName_IsTheBootstrapProfileUnderThatNameAndCompiles()
    {
        const string name = "bifrost_shop_deploy_web_app_learn";

        var placeholder = BootstrapProfile.RenderedAs(name);

        Assert.Equal((name, ProfileMode.Complain), (placeholder.Name, placeholder.Mode));
        Assert.Contains($"profile {name} ", placeholder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileNames.Bootstrap, placeholder.Text, StringComparison.Ordinal);
        Assert.Equal(BootstrapProfile.Rendered.Text.Replace(ProfileNames.Bootstrap, name, StringComparison.Ordinal), placeholder.Text);
        ApparmorParser.AssertCompiles(placeholder.Text);
    }
}
