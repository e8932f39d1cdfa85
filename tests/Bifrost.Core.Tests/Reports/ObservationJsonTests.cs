using System.Text.Json;
using Bifrost.Core.Observations;

namespace Bifrost.Core.Tests.Reports;

/// <summary>Observations read from JSON: anything but an array of known kinds is a JsonException saying what is wrong.</summary>
public sealed class ObservationJsonTests
{
    [Fact]
    public void Deserialize_ObservationWithoutKind_SaysKindIsNeededAndWhere()
    {
        var e = Assert.Throws<JsonException>(() => ObservationJson.Deserialize("""[{"kind":"file","path":"/a","access":"Read","container":"c"},{"path":"/etc/x","container":"c"}]"""));

        Assert.Equal("every observation needs a \"kind\" first (file, exec, socket, capability, signal, ptrace, mount) at $[1]", e.Message);
    }

    [Fact]
    public void Deserialize_NullElement_IsRefused() =>
        Assert.Throws<JsonException>(() => ObservationJson.Deserialize("[null]"));

    [Fact]
    public void Deserialize_KnownKinds_AreRead() =>
        Assert.IsType<FileObservation>(Assert.Single(ObservationJson.Deserialize("""[{"kind":"file","path":"/a","access":"Read","container":"c"}]""")));
}
