namespace Bifrost.K3s.Tests.Support;

/// <summary>A fact that needs the docker command and an engine that answers; skipped with the reason otherwise.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (ToolFactAttribute.Find("docker") is null)
            Skip = "the docker command is not on PATH";
        else if (!DockerEngine.Answers)
            Skip = $"no Docker engine answers at {DockerEngine.SocketPath}";
    }
}
