namespace Bifrost.Tracer.Tests.Tracing;

/// <summary>A scratch directory under /tmp, resolved (no symlinks in its own path), removed afterwards.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        var dir = Directory.CreateTempSubdirectory("bifrost-tracer-");
        Root = dir.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dir.FullName;
    }

    public string Root { get; }

    public string File(string name, string content = "x\n")
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
