namespace Bifrost.Tracer.Sidecar;

/// <summary>The in-pod tracer: traces its own pod and reports to the webhook service.</summary>
public static class SidecarHost
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("Bifrost.Tracer run: not available yet");
        return Task.FromResult(2);
    }
}
