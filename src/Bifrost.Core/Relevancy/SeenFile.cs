namespace Bifrost.Core.Relevancy;

/// <summary>A file a container was seen using. <see cref="Executed"/>: executed or mapped executable, so code whatever its name.</summary>
public sealed record SeenFile(string Path, bool Executed);
