namespace Bifrost.Core.Relevancy;

/// <summary>Code a container used that no package of the database owns, and what it means for the mapping.</summary>
public sealed record UnattributedFile(string Path, string Reason);
