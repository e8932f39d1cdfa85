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

    public static IReadOnlyList<Observation> Deserialize(string json) =>
        JsonSerializer.Deserialize<Observation[]>(json, Options) ?? [];
}
