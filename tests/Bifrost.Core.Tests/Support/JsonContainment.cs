using System.Text.Json.Nodes;

namespace Bifrost.Core.Tests.Support;

/// <summary>
/// Whether a patched document still holds everything the original had: every member of every object, and every
/// array element in its original order (new elements may be inserted anywhere).
/// </summary>
internal static class JsonContainment
{
    public static string? FirstMissing(JsonNode? original, JsonNode? patched, string path = "")
    {
        switch (original)
        {
            case JsonObject originalObject:
                if (patched is not JsonObject patchedObject)
                    return path;
                foreach (var (key, value) in originalObject)
                {
                    if (!patchedObject.ContainsKey(key))
                        return $"{path}/{key}";
                    if (FirstMissing(value, patchedObject[key], $"{path}/{key}") is { } missing)
                        return missing;
                }

                return null;
            case JsonArray originalArray:
                if (patched is not JsonArray patchedArray)
                    return path;
                var next = 0;
                for (var i = 0; i < originalArray.Count; i++)
                {
                    while (next < patchedArray.Count && FirstMissing(originalArray[i], patchedArray[next]) is not null)
                        next++;
                    if (next == patchedArray.Count)
                        return $"{path}/{i}";
                    next++;
                }

                return null;
            default:
                return JsonNode.DeepEquals(original, patched) ? null : path;
        }
    }
}
