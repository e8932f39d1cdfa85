namespace Bifrost.Agent.Tests.Support;

/// <summary>Finds programs the tests run, on PATH or in the sbin directories root's PATH usually has.</summary>
internal static class Tools
{
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    public static string Parser => Find("apparmor_parser") ?? "apparmor_parser";
}
