namespace Bifrost.Cli.Manifests;

/// <summary>How a manifest was written; output uses the same.</summary>
internal enum ManifestFormat
{
    Yaml,
    Json,
}
