namespace Bifrost.Testing;

/// <summary>Finds the programs tests run, on PATH or in the sbin directories root's PATH usually has.</summary>
public static class Tools
{
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => System.IO.Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>apparmor_parser's full path, or its bare name (so a missing parser fails with the name in the error).</summary>
    public static string Parser => Find("apparmor_parser") ?? "apparmor_parser";

    /// <summary>Why the tools cannot be run here, or null when every one is installed.</summary>
    public static string? Missing(IEnumerable<string> tools)
    {
        var missing = tools.Where(tool => Find(tool) is null).ToList();
        return missing.Count == 0 ? null : $"needs {string.Join(", ", missing)} on PATH (tests/tools/install-deps.sh installs it)";
    }
}
