using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bifrost.Core.Profiles;

/// <summary>How BifrostProfile and BifrostNode objects look as JSON: the CRD's camelCase field names, enums as strings.</summary>
public static class ProfileJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
