namespace Bifrost.Webhook.Intake;

/// <summary>Local mode only: where pods are read from when no API server is watched. Bound from <c>Bifrost:Pods</c>.</summary>
internal sealed record PodsOptions
{
    public const string SectionName = "Bifrost:Pods";

    /// <summary>A directory of <c>&lt;namespace&gt;_&lt;name&gt;.json</c> pod files; empty: no pods are known locally.</summary>
    public string? Directory { get; init; }

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(Directory) && !System.IO.Directory.Exists(Directory))
            yield return $"{SectionName}:Directory: directory '{Directory}' does not exist.";
    }
}
