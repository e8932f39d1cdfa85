namespace Bifrost.Agent.Kernel;

/// <summary>The apparmor_parser command line for one profile file.</summary>
internal static class ParserArguments
{
    public static List<string> Load(AgentOptions options, bool kernelEnabled, string path)
    {
        // -r replaces a loaded profile of the same name atomically; -Q compiles without touching the kernel.
        List<string> arguments = [kernelEnabled ? "-r" : "-Q"];
        if (options.CacheDirectory.Length > 0 && kernelEnabled)
            arguments.AddRange(["--cache-loc", options.CacheDirectory, "--write-cache"]);
        else
            arguments.Add("-K");
        foreach (var include in options.IncludeDirectories)
            arguments.AddRange(["-I", include]);
        arguments.Add(path);
        return arguments;
    }
}
