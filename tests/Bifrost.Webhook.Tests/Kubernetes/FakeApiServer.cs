using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bifrost.Webhook.Tests.Kubernetes;

/// <summary>
/// A small Kubernetes API server on real Kestrel (plain HTTP on 127.0.0.1) serving what Bifrost uses: bifrost.io
/// custom objects (get, create, list across namespaces, status replace with resource-version checks, watch),
/// nodes (list and watch with a label selector), pods and Secrets of a namespace, cluster-scoped objects such as
/// MutatingWebhookConfigurations (get, replace), Leases (get, create, replace with resource-version checks),
/// Events (create, with generateName), apps and batch workloads and pods (get, patch, every patch recorded; a change to the spec
/// raises metadata.generation) and <c>/version</c>. The test changes objects
/// through it and can compact history, which ends open watches with a 410 Gone ERROR event, as etcd compaction does.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private static readonly string[] Prefixes =
        ["/apis/bifrost.io/v1alpha1/", "/apis/coordination.k8s.io/v1/", "/apis/apps/v1/", "/apis/batch/v1/", "/apis/admissionregistration.k8s.io/v1/", "/api/v1/"];
    private readonly WebApplication app;
    private readonly FakeApiState state = new();

    private FakeApiServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public FakeApiState State => state;

    /// <summary>A client of this server, configured the way Bifrost builds one from a kubeconfig.</summary>
    public k8s.IKubernetes CreateClient() => new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = BaseAddress.ToString() });

    public static async Task<FakeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeApiServer(app);
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        state.EndWatches();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        // The C# client asks for "/version/", kubectl for "/version"; the API server answers both.
        if (path is "/version" or "/version/" && context.Request.Method == "GET")
        {
            await WriteResultAsync(context, state.Version());
            return;
        }

        var query = context.Request.Query;
        var prefix = Prefixes.FirstOrDefault(p => path.StartsWith(p, StringComparison.Ordinal));
        var parts = prefix is null ? [] : path[prefix.Length..].Split('/');
        var method = context.Request.Method;

        // {plural} | namespaces/{ns}/{plural} | namespaces/{ns}/{plural}/{name} | namespaces/{ns}/{plural}/{name}/status
        switch (parts)
        {
            case [var plural] when method == "GET" && query["watch"] == "true":
                await WatchAsync(context, plural, query["resourceVersion"].ToString(), query["labelSelector"].ToString());
                return;
            case [var plural] when method == "GET":
                await state.WaitForListsAsync(context.RequestAborted);
                await WriteAsync(context, HttpStatusCode.OK, state.List(plural, query["labelSelector"].ToString(), query["continue"].ToString()));
                return;
            case ["namespaces", var ns, var plural] when method == "GET":
                await WriteAsync(context, HttpStatusCode.OK, state.List(plural, query["labelSelector"].ToString(), query["continue"].ToString(), ns));
                return;
            case [var plural, var name] when method == "GET":
                await WriteResultAsync(context, state.Get(plural, name));
                return;
            case [var plural, var name] when method == "PUT":
                await WriteResultAsync(context, state.Replace(plural, name, await ReadAsync(context)));
                return;
            case ["namespaces", var ns, var plural, var name] when method == "GET":
                await WriteResultAsync(context, state.Get(plural, $"{ns}/{name}"));
                return;
            case ["namespaces", var ns, var plural] when method == "POST":
                await WriteResultAsync(context, state.Create(plural, ns, await ReadAsync(context)));
                return;
            case ["namespaces", var ns, var plural, var name] when method == "PUT":
                await WriteResultAsync(context, state.Replace(plural, $"{ns}/{name}", await ReadAsync(context)));
                return;
            case ["namespaces", var ns, var plural, var name] when method == "PATCH":
                using (var reader = new StreamReader(context.Request.Body))
                    await WriteResultAsync(context, state.Patch(plural, $"{ns}/{name}", path, context.Request.ContentType, await reader.ReadToEndAsync(context.RequestAborted)));
                return;
            case ["namespaces", var ns, var plural, var name, "status"] when method == "PUT":
                await WriteResultAsync(context, state.ReplaceStatus(plural, $"{ns}/{name}", await ReadAsync(context)));
                return;
            default:
                await WriteAsync(context, HttpStatusCode.NotFound, FakeApiState.Status(HttpStatusCode.NotFound, "NotFound", $"no route {method} {path}"));
                return;
        }
    }

    private async Task WatchAsync(HttpContext context, string plural, string resourceVersion, string selector)
    {
        context.Response.ContentType = "application/json";
        var lines = state.OpenWatch(plural, long.Parse(resourceVersion is { Length: > 0 } v ? v : "0", CultureInfo.InvariantCulture), selector);
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpContext context) =>
        (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();

    private static Task WriteResultAsync(HttpContext context, (HttpStatusCode Code, JsonObject Body) result) =>
        WriteAsync(context, result.Code, result.Body);

    private static async Task WriteAsync(HttpContext context, HttpStatusCode code, JsonObject body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Channel lines of one open watch.</summary>
    internal static Channel<string> NewWatch() => Channel.CreateUnbounded<string>();
}
