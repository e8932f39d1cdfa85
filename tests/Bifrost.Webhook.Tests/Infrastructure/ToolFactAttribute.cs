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
