using System.Text.Json;
using Bifrost.Core.Observations;
using Bifrost.Webhook.Intake;
using Bifrost.Webhook.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Tests.Intake;

/// <summary>
/// Who may send what AppArmor's records showed: a node agent's pod, by its service account, about any namespace's
/// workload; a tracer only about its own pod, and never as <c>audit</c> or <c>denied</c>.
/// </summary>
public sealed class AgentReportTests : IAsyncDisposable
{
    private static readonly ReporterIdentity Agent = new("bifrost-system", "bifrost-agent-x7k2p", "agent-uid", "bifrost-system:bifrost-agent");
    private static readonly ReporterIdentity Tracer = new("shop", "web-5d8f-abcde", "uid-1", "shop:default");

    private readonly string directory = Directory.CreateTempSubdirectory("bifrost-agent-intake-").FullName;
    private readonly WriteAheadLog<ObservationReport> log;

    public AgentReportTests() => log = WriteAheadLog<ObservationReport>.Open(directory, ObservationJson.Options);

    public async ValueTask DisposeAsync()
    {
        await log.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private sealed class FixedIdentity(ReporterIdentity identity) : IReporterAuthenticator
    {
        public Task<AuthenticationResult> AuthenticateAsync(string? token, CancellationToken cancellationToken) =>
            Task.FromResult(new AuthenticationResult(identity, null));
    }

    private sealed class Protected : IProtectionCheck
    {
        public Task<bool> IsProtectedAsync(ObservationReport report, CancellationToken cancellationToken) => Task.FromResult(true);
    }

    private static ObservationReport AgentReport(string source) => new()
    {
        Pod = new ReportPod { Namespace = "bifrost-system", Name = "bifrost-agent-x7k2p", Uid = "agent-uid", Node = "node-1" },
        Workload = new ReportWorkload { Kind = "Deployment", Name = "web", Namespace = "shop" },
        Source = source,
        Sequence = 1_764_000_000_000_000,
        Observations = [new FileObservation { Container = "app", Path = "/etc/shadow", Access = AccessMask.Read }],
    };

    private async Task<(int Status, string Body)> PostAsync(ReporterIdentity identity, ObservationReport report, bool leading = true)
    {
        var endpoint = new IntakeEndpoint(new FixedLeadership(leading), new FixedIdentity(identity), new Protected(), new PodContainerNames(new LocalPodReader(null), TimeProvider.System), log, Options.Create(new IntakeOptions()),
            new IntakeMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())), TimeProvider.System, NullLogger<IntakeEndpoint>.Instance);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Request.Headers.Authorization = "Bearer t";
        var body = JsonSerializer.SerializeToUtf8Bytes(report, ObservationJson.Options);
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Response.Body = new MemoryStream();

        var result = await endpoint.HandleAsync(context);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        lastHeaders = context.Response.Headers;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    private IHeaderDictionary? lastHeaders;

    [Fact]
    public async Task Post_ToAReplicaThatDoesNotLead_Is503NotLeader_ClosesTheConnectionAndLogsNothing()
    {
        var (status, body) = await PostAsync(Agent, AgentReport(ReportSource.Audit), leading: false);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Contains("not-leader", body, StringComparison.Ordinal);
        Assert.Equal("close", lastHeaders!.Connection.ToString());
        Assert.Equal("1", lastHeaders.RetryAfter.ToString());
        Assert.Empty((await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records));
    }

    [Theory]
    [InlineData(ReportSource.Audit)]
    [InlineData(ReportSource.Denied)]
    public async Task Post_AgentReportAboutAnotherNamespacesWorkload_IsAcceptedAndLogged(string source)
    {
        var (status, _) = await PostAsync(Agent, AgentReport(source));

        Assert.Equal(StatusCodes.Status202Accepted, status);
        var sealedReport = Assert.Single((await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records));
        Assert.Equal(("shop", source), (sealedReport.WorkloadNamespace, sealedReport.Source));
    }

    [Fact]
    public async Task Post_DeniedReportFromATracersToken_Is403NotAnAgent()
    {
        var report = AgentReport(ReportSource.Denied) with
        {
            Pod = new ReportPod { Namespace = "shop", Name = "web-5d8f-abcde", Uid = "uid-1" },
            Workload = new ReportWorkload { Kind = "Deployment", Name = "web" },
        };

        var (status, body) = await PostAsync(Tracer, report);

        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.Contains("not-an-agent", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TracerReportAboutAnotherNamespace_Is400()
    {
        var report = AgentReport(ReportSource.Tracer) with { Pod = new ReportPod { Namespace = "shop", Name = "web-5d8f-abcde", Uid = "uid-1" }, Workload = new ReportWorkload { Kind = "Deployment", Name = "web", Namespace = "payments" } };

        var (status, body) = await PostAsync(Tracer, report);

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Contains("workload.namespace", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnknownSource_Is400NamingTheKnownOnes()
    {
        var (status, body) = await PostAsync(Agent, AgentReport("kmsg"));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Contains("source must be tracer, audit, denied or packages", body, StringComparison.Ordinal);
    }

    private static ObservationReport PackagesReport(params Core.Relevancy.UsedPackage[] used) => AgentReport(ReportSource.Packages) with
    {
        Observations = [],
        Packages = [new Core.Relevancy.ContainerPackages("app", new Core.Relevancy.ImagePackages
        {
            Image = "docker.io/library/nginx@sha256:32fdf92b4e986e109e4db0865758020cb0c3b70d6ba80d02fe87bad5cc3dc228",
            Database = "dpkg database",
            Installed = 61,
            Used = used,
        })],
    };

    [Fact]
    public async Task Post_AgentPackagesReport_IsAcceptedAndLogged()
    {
        var (status, _) = await PostAsync(Agent, PackagesReport(new Core.Relevancy.UsedPackage("nginx", "1.14.1-1~stretch", "pkg:deb/debian/nginx@1.14.1-1~stretch?arch=amd64")));

        Assert.Equal(StatusCodes.Status202Accepted, status);
        var logged = Assert.Single((await log.SealAsync(CancellationToken.None)).SelectMany(s => s.Records));
        Assert.Equal("nginx", Assert.Single(Assert.Single(logged.Packages!).Packages.Used).Name);
    }

    [Fact]
    public async Task Post_PackagesReportFromATracersToken_Is403NotAnAgent()
    {
        var report = PackagesReport() with { Pod = new ReportPod { Namespace = "shop", Name = "web-5d8f-abcde", Uid = "uid-1" }, Workload = new ReportWorkload { Kind = "Deployment", Name = "web" } };

        var (status, body) = await PostAsync(Tracer, report);

        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.Contains("not-an-agent", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("observations", "carries no observations")]
    [InlineData("no-packages", "packages are sent with source packages, and only there")]
    [InlineData("packages-on-audit", "packages are sent with source packages, and only there")]
    [InlineData("no-image", "needs a container and packages with an image and a database")]
    [InlineData("more-used-than-installed", "packages.installed (61) is less than the packages used (62)")]
    public async Task Post_MalformedPackagesReport_Is400WithTheReason(string fault, string reason)
    {
        var report = PackagesReport();
        var found = report.Packages![0].Packages;
        report = fault switch
        {
            "observations" => report with { Observations = AgentReport(ReportSource.Audit).Observations },
            "no-packages" => report with { Packages = null },
            "packages-on-audit" => report with { Source = ReportSource.Audit },
            "no-image" => report with { Packages = [new("app", found with { Image = "" })] },
            _ => report with { Packages = [new("app", found with { Used = [.. Enumerable.Range(0, 62).Select(i => new Core.Relevancy.UsedPackage($"p{i}", "1", null))] })] },
        };

        var (status, body) = await PostAsync(Agent, report);

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }
}
