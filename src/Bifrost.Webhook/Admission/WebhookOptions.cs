namespace Bifrost.Webhook.Admission;

/// <summary>How the HTTP endpoint treats requests. Bound from <c>Bifrost:Webhook</c>.</summary>
internal sealed record WebhookOptions
{
    public const string SectionName = "Bifrost:Webhook";

    /// <summary>
    /// Largest AdmissionReview accepted. The API server caps objects at about 1.5 MiB and wraps them
    /// (object plus oldObject), so 3 MiB leaves room without letting a client hold arbitrary memory.
    /// </summary>
    public long MaxRequestBytes { get; init; } = 3 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (MaxRequestBytes is < 1024 or > 64L * 1024 * 1024)
            yield return $"Bifrost:Webhook:MaxRequestBytes must be between 1024 and 67108864 bytes, got {MaxRequestBytes}.";
    }
}
