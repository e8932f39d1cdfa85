namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>A fact that skips, with the reason, when a command it runs is not installed.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(tool => Tools.Find(tool) is null).ToList();
        if (missing.Count > 0)
            Skip = $"needs {string.Join(", ", missing)} on PATH (tests/tools/install-deps.sh installs it)";
    }
}

/// <summary>A theory that skips, with the reason, when a command it runs is not installed.</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        var missing = tools.Where(tool => Tools.Find(tool) is null).ToList();
        if (missing.Count > 0)
            Skip = $"needs {string.Join(", ", missing)} on PATH (tests/tools/install-deps.sh installs it)";
    }
}

internal static class Tools
{
    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
    }
}
