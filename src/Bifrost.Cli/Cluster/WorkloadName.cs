namespace Bifrost.Cli.Cluster;

/// <summary>
/// A workload as a person names it on the command line: <c>deployment/web</c> (as kubectl names objects) or the
/// BifrostProfile's own name, <c>deployment-web</c>.
/// </summary>
internal static class WorkloadName
{
    /// <summary>The BifrostProfile's name for <paramref name="text"/>.</summary>
    /// <exception cref="UsageException">Neither form.</exception>
    public static string ProfileName(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
            return $"{parts[0].ToLowerInvariant()}-{parts[1]}";
        if (parts.Length == 1 && text.Length > 0)
            return text;
        throw new UsageException($"'{text}' is not a workload: write KIND/NAME (deployment/web) or the BifrostProfile's name (deployment-web)");
    }
}
