namespace Bifrost.Core.Wire;

/// <summary>
/// The intake as tracers, node agents and <c>bifrost learn</c> reach it: <c>POST {endpoint}/v1/observations</c> with an
/// <see cref="Observations.ObservationReport"/> and a bearer token of audience <see cref="TokenAudience"/>, read from
/// <see cref="DefaultTokenFile"/> where the pod's projected token is mounted.
/// </summary>
public static class IntakeApi
{
    public const string ObservationsPath = "/v1/observations";

    public const string TokenAudience = "bifrost";

    public const string TokenDirectory = "/var/run/secrets/bifrost";

    public const string DefaultTokenFile = TokenDirectory + "/token";

    /// <summary>The report URL under an endpoint given with or without a trailing slash.</summary>
    public static Uri ObservationsUri(Uri endpoint) => new(endpoint.ToString().TrimEnd('/') + ObservationsPath);
}
