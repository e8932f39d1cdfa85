using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bifrost.Core.Observations;

/// <summary>The one JSON shape observations have on the wire, on disk and on the command line.</summary>
public static class ObservationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static string Serialize(IEnumerable<Observation> observations) =>
        JsonSerializer.Serialize(observations.ToArray(), Options);

    /// <summary>A JSON array of observations.</summary>
    /// <exception cref="JsonException">Not such an array, or an element without a known <c>kind</c>.</exception>
    public static IReadOnlyList<Observation> Deserialize(string json)
    {
        Observation?[]? observations;
        try
        {
            observations = JsonSerializer.Deserialize<Observation?[]>(json, Options);
        }
        catch (NotSupportedException e)
        {
            // The serializer's word for an element whose "kind" is missing or not first.
            var at = e.Message.IndexOf("Path: ", StringComparison.Ordinal) is var i and >= 0 ? " at " + e.Message[(i + 6)..].Split(' ')[0] : "";
            throw new JsonException($"every observation needs a \"kind\" first (file, exec, socket, capability, signal, ptrace, mount){at}", e);
        }

        if (observations?.Any(o => o is null) == true)
            throw new JsonException("an observation is null");
        return observations is null ? [] : [.. observations.OfType<Observation>()];
    }
}
