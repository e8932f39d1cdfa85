using System.Diagnostics;
using k8s;

namespace Bifrost.K3s.Tests.Support;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c>, the same code path as <c>kubectl apply -k</c>.</summary>
internal static class Kustomize
{
    public static async Task<List<object>> RenderAsync(string directory, IDictionary<string, Type>? extraKinds = null)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kubectl kustomize {directory} failed: {await error}");

        var typeMap = new Dictionary<string, Type>(extraKinds ?? new Dictionary<string, Type>());
        return KubernetesYaml.LoadAllFromString(await output, typeMap);
    }
}
