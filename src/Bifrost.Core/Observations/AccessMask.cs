using System.Text.Json.Serialization;

namespace Bifrost.Core.Observations;

/// <summary>What a process did to a file. Several flags combine in one observation.</summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<AccessMask>))]
public enum AccessMask
{
    None = 0,
    Read = 1 << 0,
    Write = 1 << 1,
    Append = 1 << 2,
    Exec = 1 << 3,
    MmapExec = 1 << 4,
    Link = 1 << 5,
    Lock = 1 << 6,
    Create = 1 << 7,
    Delete = 1 << 8,
}
