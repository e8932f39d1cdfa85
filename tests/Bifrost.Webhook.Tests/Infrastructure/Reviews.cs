using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>AdmissionReview requests shaped like the ones the API server sends for a Deployment's pod.</summary>
internal static class Reviews
{
    public static JsonObject Pod(string uid, string @namespace, bool dryRun = false, string? protect = null, string image = "nginx:1.27")
    {
        var metadata = new JsonObject
        {
            ["generateName"] = "web-7d4b9c-",
            ["labels"] = new JsonObject { ["app"] = "web", ["pod-template-hash"] = "7d4b9c" },
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "web-7d4b9c", ["uid"] = "rs-1", ["controller"] = true,
            }),
        };
        if (protect is not null)
            metadata["annotations"] = new JsonObject { ["bifrost.io/protect"] = protect };

        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = @namespace,
                ["operation"] = "CREATE",
                ["dryRun"] = dryRun,
                ["object"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["metadata"] = metadata,
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
                    },
                },
            },
        };
    }

    public static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    public static HttpContent Json(JsonNode body) => Json(body.ToJsonString());

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, HttpContent content) =>
        await client.PostAsync(new Uri("/mutate", UriKind.Relative), content);

    public static async Task<JsonObject> ResponseOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(new MediaTypeHeaderValue("application/json").MediaType, response.Content.Headers.ContentType?.MediaType);
        var review = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("AdmissionReview", (string?)review["kind"]);
        return review["response"]!.AsObject();
    }

    public static JsonArray? PatchOf(JsonObject response) =>
        response["patch"] is { } patch ? JsonNode.Parse(Convert.FromBase64String((string)patch!))!.AsArray() : null;
}
