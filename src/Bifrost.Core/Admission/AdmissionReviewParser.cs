using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using static Bifrost.Core.Admission.JsonText;

namespace Bifrost.Core.Admission;

/// <summary>Reads an <c>admission.k8s.io/v1</c> AdmissionReview for pods, with a message that says exactly what is wrong.</summary>
public static class AdmissionReviewParser
{
    public const string ApiVersion = "admission.k8s.io/v1";

    // A repeated property would throw from JsonObject when first read, deep in the mutator: refused while parsing.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256, AllowDuplicateProperties = false };

    /// <summary>The request, or null with <paramref name="error"/> saying why the review is unusable.</summary>
    public static AdmissionRequest? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        // JsonNode checks the UTF-8 of a string only when it is read, which would throw deep in the mutator.
        if (!Utf8.IsValid(body))
        {
            error = "the body is not valid UTF-8";
            return null;
        }

        // The review is read where it was parsed: nodes are built only for the pod, and only if something asks for them.
        JsonElement root;
        try
        {
            root = JsonElement.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = $"malformed JSON: {e.Message}";
            return null;
        }
        catch (InvalidOperationException e)
        {
            // Checking for repeated properties reads the names: a name that is no text (a lone surrogate) stops here.
            error = $"a property name is not valid text: {e.Message}";
            return null;
        }

        if (MayEscapeASurrogate(body) && EscapedTextError(body) is { } textError)
        {
            error = textError;
            return null;
        }

        error = Validate(root, out var request);
        return error is null ? request : null;
    }

    /// <summary>
    /// Whether the body has a <c>\uD…</c> escape anywhere (a surrogate, paired or not, or a false alarm such as an escaped
    /// backslash before a <c>u</c>): only then can a string be no text, so most reviews skip the second reading.
    /// </summary>
    private static bool MayEscapeASurrogate(ReadOnlySpan<byte> body)
    {
        for (var at = body.IndexOf("\\u"u8); at >= 0; at = body.IndexOf("\\u"u8))
        {
            if (at + 2 < body.Length && body[at + 2] is (byte)'d' or (byte)'D')
                return true;
            body = body[(at + 2)..];
        }

        return false;
    }

    /// <summary>
    /// A string escape that is no text (a lone surrogate such as <c>\ud800</c>): JsonNode would throw when the string
    /// is read, so it is found here, once, instead of faulting the mutator and admitting the pod unchanged.
    /// </summary>
    private static string? EscapedTextError(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
                continue;
            try
            {
                _ = reader.GetString();
            }
            catch (InvalidOperationException e)
            {
                return $"a string at byte {reader.TokenStartIndex} is not valid text: {e.Message}";
            }
        }
        return null;
    }

    private static string? Validate(JsonElement review, out AdmissionRequest? request)
    {
        request = null;
        if (review.ValueKind != JsonValueKind.Object)
            return "the body must be a JSON object (an AdmissionReview)";
        if (Text(review, "kind"u8) != "AdmissionReview")
            return $"kind must be AdmissionReview, got '{Text(review, "kind"u8) ?? "(none)"}'";
        if (Text(review, "apiVersion"u8) != ApiVersion)
            return $"apiVersion must be {ApiVersion}, got '{Text(review, "apiVersion"u8) ?? "(none)"}' (set admissionReviewVersions: [v1])";
        if (Object(review, "request"u8) is not { } body)
            return "request is missing";
        if (Text(body, "uid"u8) is not { Length: > 0 } uid)
            return "request.uid is missing";
        if (Text(body, "operation"u8) is not { Length: > 0 } operation)
            return "request.operation is missing";

        var resource = Object(body, "resource"u8);
        var group = Text(resource, "group"u8) ?? "";
        var resourceName = Text(resource, "resource"u8);
        if (resourceName != "pods" || group.Length != 0)
            return $"Bifrost mutates only core/v1 pods, got resource '{(group.Length == 0 ? "" : group + "/")}{resourceName ?? "(none)"}'";

        var subResource = Text(body, "subResource"u8);
        var pod = Object(body, "object"u8);
        if (operation == "CREATE" && string.IsNullOrEmpty(subResource))
        {
            if (pod is null)
                return "request.object must be the pod for a CREATE";
            if (Text(pod, "kind"u8) is { } kind && kind != "Pod")
                return $"request.object must be a Pod, got '{kind}'";
        }

        var @namespace = Text(body, "namespace"u8) ?? Text(Object(pod, "metadata"u8), "namespace"u8);
        if (string.IsNullOrEmpty(@namespace))
            return "request.namespace is missing";

        request = new AdmissionRequest
        {
            Uid = uid,
            Operation = operation,
            Namespace = @namespace,
            Resource = resourceName,
            SubResource = subResource,
            Kind = Text(Object(body, "kind"u8), "kind"u8),
            DryRun = IsTrue(body, "dryRun"u8),
            Pod = pod is { } podElement ? JsonObject.Create(podElement) : null,
            PodElement = pod,
            User = User(Object(body, "userInfo"u8)),
        };
        return null;
    }

    private static RequestUser User(JsonElement? info) => info is not { } user ? RequestUser.Unknown : new RequestUser
    {
        Username = Text(user, "username"u8) ?? "",
        Uid = Text(user, "uid"u8),
        Groups = Texts(Property(user, "groups"u8)),
        Extra = Object(user, "extra"u8) is { } extra
            ? extra.EnumerateObject().ToDictionary(e => e.Name, e => (IReadOnlyList<string>)Texts(e.Value), StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<string>>(),
    };

    private static string[] Texts(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Array } array ? [.. array.EnumerateArray().Select(e => Text(e)).OfType<string>()] : [];
}
