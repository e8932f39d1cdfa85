namespace Bifrost.Webhook.Tests.Infrastructure;

/// <summary>Finds commands the way a shell would, plus the sbin directories root has.</summary>
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
