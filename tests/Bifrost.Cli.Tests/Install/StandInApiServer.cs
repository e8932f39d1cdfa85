using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bifrost.Cli.Tests.Install;

/// <summary>
/// A Kubernetes API server on real Kestrel (plain HTTP on 127.0.0.1) for install and uninstall: objects by REST path,
/// server-side apply and merge patch, get, list with an equality label selector, delete; every request recorded.
/// It plays the node agents too: a pod given the bifrost.io/uninstall annotation gets its node's BifrostNode
/// answered, unless the node is in <see cref="SilentNodes"/>.
/// </summary>
internal sealed class StandInApiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StandInApiServer(WebApplication app) => this.app = app;

    public ConcurrentDictionary<string, JsonObject> Objects { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Method, string Path, string Query, string? ContentType)> Requests { get; } = new();

    public HashSet<string> SilentNodes { get; } = new(StringComparer.Ordinal);

    public string Kubeconfig { get; private set; } = "";

    public static async Task<StandInApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StandInApiServer(app);
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.Kubeconfig = Path.Combine(Path.GetTempPath(), $"bifrost-kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(server.Kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: stand-in
              cluster:
                server: {app.Urls.Single()}
            users:
            - name: admin
              user:
                token: stand-in-token
            contexts:
            - name: stand-in
              context:
                cluster: stand-in
                user: admin
            current-context: stand-in
            """);
        return server;
    }

    public void Add(string path, JsonObject item) => Objects[path] = item;

    public async ValueTask DisposeAsync()
    {
        File.Delete(Kubeconfig);
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        Requests.Enqueue((method, path, context.Request.QueryString.Value ?? "", context.Request.ContentType));
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        switch (method)
        {
            case "PATCH" when context.Request.ContentType?.StartsWith("application/apply-patch", StringComparison.Ordinal) == true:
                Objects[path] = JsonNode.Parse(body)!.AsObject();
                await WriteAsync(context, 200, Objects[path]);
                return;
            case "PATCH" when Objects.TryGetValue(path, out var existing):
                Merge(existing, JsonNode.Parse(body)!.AsObject());
                AnswerForAgent(existing);
                await WriteAsync(context, 200, existing);
                return;
            case "GET" when Objects.TryGetValue(path, out var found):
                await WriteAsync(context, 200, found);
                return;
            case "GET" when IsCollection(path):
                var selector = context.Request.Query["labelSelector"].ToString();
                var items = Objects.Where(p => p.Key.StartsWith(path + "/", StringComparison.Ordinal) && !p.Key[(path.Length + 1)..].Contains('/') && Matches(p.Value, selector))
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => (JsonNode)p.Value.DeepClone());
                await WriteAsync(context, 200, new JsonObject { ["kind"] = "List", ["items"] = new JsonArray([.. items]) });
                return;
            case "DELETE" when Objects.TryRemove(path, out var removed):
                await WriteAsync(context, 200, removed);
                return;
            default:
                await WriteAsync(context, 404, new JsonObject { ["kind"] = "Status", ["reason"] = "NotFound", ["message"] = $"{path} not found", ["code"] = 404 });
                return;
        }
    }

    /// <summary>A collection path ends in a plural: /api/v1/namespaces/NS/pods, /apis/GROUP/VERSION/PLURAL.</summary>
    private static bool IsCollection(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = parts[0] == "api" ? parts[2..] : parts[3..];
        return rest.Length is 1 || (rest.Length == 3 && rest[0] == "namespaces");
    }

    private void AnswerForAgent(JsonObject pod)
    {
        if (pod["metadata"]?["annotations"]?["bifrost.io/uninstall"] is not JsonValue request || (string?)pod["spec"]?["nodeName"] is not { } node || SilentNodes.Contains(node))
            return;
        Objects[$"/apis/bifrost.io/v1alpha1/bifrostnodes/{node}"] = new JsonObject
        {
            ["apiVersion"] = "bifrost.io/v1alpha1",
            ["kind"] = "BifrostNode",
            ["metadata"] = new JsonObject { ["name"] = node },
            ["status"] = new JsonObject
            {
                ["ready"] = false,
                ["uninstall"] = new JsonObject { ["request"] = (string?)request, ["removed"] = 3, ["keptInUse"] = new JsonArray("bifrost_shop_deploy_web_app_0123456789") },
            },
        };
    }

    private static bool Matches(JsonObject item, string selector)
    {
        if (selector.Length == 0)
            return true;
        var (key, value) = (selector.Split('=')[0], selector.Split('=')[1]);
        return (string?)item["metadata"]?["labels"]?[key] == value;
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
                Merge(existing, inner);
            else if (value is JsonObject)
                target[key] = value.DeepClone();
            else
                target[key] = value?.DeepClone();
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
