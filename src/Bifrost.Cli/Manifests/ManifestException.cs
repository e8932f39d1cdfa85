namespace Bifrost.Cli.Manifests;

/// <summary>Input that cannot be read as a manifest; the message names the document and, where known, the line.</summary>
internal sealed class ManifestException : Exception
{
    public ManifestException()
    {
    }

    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
