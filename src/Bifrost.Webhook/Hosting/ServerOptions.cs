namespace Bifrost.Webhook.Hosting;

/// <summary>
/// Kestrel's limits against slow and abusive clients: the API server is the webhook's only legitimate client, and
/// it sends whole requests quickly over a few kept-alive connections. Bound from <c>Bifrost:Server</c>.
/// </summary>
internal sealed record ServerOptions
{
    public const string SectionName = "Bifrost:Server";

    /// <summary>Time to receive a request's headers; a client that trickles them is cut off (Kestrel's default is 30 s).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An idle kept-alive connection is closed after this (the API server reconnects as needed).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>A request body arriving slower than this (after the grace period) is cut off with 408.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 1024;

    public TimeSpan MinRequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>More headers, or more header bytes, than this is a header flood: 431.</summary>
    public int MaxRequestHeaderCount { get; init; } = 64;

    public int MaxRequestHeadersTotalBytes { get; init; } = 16 * 1024;

    /// <summary>A longer request line is 414.</summary>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>Connections open at once; Kestrel closes further ones as they arrive until some close.</summary>
    public long MaxConcurrentConnections { get; init; } = 4096;

    /// <summary>
    /// Connections the kernel queues for the listening socket before the server accepts them (.NET's default is 512;
    /// Linux caps it at <c>net.core.somaxconn</c>): a thousand tracers connecting at once, as after the intake's
    /// restart, must not find the queue full and wait out SYN retransmits of a second and more.
    /// </summary>
    public int ListenBacklog { get; init; } = 4096;

    /// <summary>
    /// A body larger than this is 413 wherever an endpoint reads one without a limit of its own; <c>/mutate</c>
    /// (<c>Bifrost:Webhook:MaxRequestBytes</c>) and <c>/v1/observations</c> (<c>Bifrost:Intake:MaxReportBytes</c>)
    /// have their own and answer larger bodies with a 413 that names their setting. No other endpoint reads a body.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (RequestHeadersTimeout <= TimeSpan.Zero)
            yield return $"{SectionName}:RequestHeadersTimeout must be positive, got {RequestHeadersTimeout}.";
        if (KeepAliveTimeout <= TimeSpan.Zero)
            yield return $"{SectionName}:KeepAliveTimeout must be positive, got {KeepAliveTimeout}.";
        if (MinRequestBodyBytesPerSecond < 0)
            yield return $"{SectionName}:MinRequestBodyBytesPerSecond must not be negative (0 turns the check off), got {MinRequestBodyBytesPerSecond}.";
        if (MinRequestBodyGracePeriod <= TimeSpan.FromSeconds(1))
            yield return $"{SectionName}:MinRequestBodyGracePeriod must be more than 1 second, got {MinRequestBodyGracePeriod}.";
        if (MaxRequestHeaderCount < 16)
            yield return $"{SectionName}:MaxRequestHeaderCount must be at least 16, got {MaxRequestHeaderCount}.";
        if (MaxRequestHeadersTotalBytes < 4096)
            yield return $"{SectionName}:MaxRequestHeadersTotalBytes must be at least 4096, got {MaxRequestHeadersTotalBytes}.";
        if (MaxRequestLineBytes < 1024)
            yield return $"{SectionName}:MaxRequestLineBytes must be at least 1024, got {MaxRequestLineBytes}.";
        if (MaxConcurrentConnections < 1)
            yield return $"{SectionName}:MaxConcurrentConnections must be at least 1, got {MaxConcurrentConnections}.";
        if (ListenBacklog is < 1 or > 65535)
            yield return $"{SectionName}:ListenBacklog must be between 1 and 65535, got {ListenBacklog}.";
        if (MaxRequestBodyBytes < 1024)
            yield return $"{SectionName}:MaxRequestBodyBytes must be at least 1024, got {MaxRequestBodyBytes}.";
    }
}
