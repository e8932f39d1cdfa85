using System.Collections.Concurrent;

namespace Bifrost.Testing;

/// <summary>
/// Something a test needs from the machine, named in <see cref="RequiresFactAttribute"/>: <see cref="Problem"/>
/// says in one line why it is missing here, or is null. Made once per run by its parameterless constructor.
/// </summary>
public interface IRequirement
{
    string? Problem { get; }
}

/// <summary>The first reason a set of requirements and tools cannot be met here, each requirement asked once per run.</summary>
public static class Requirements
{
    private static readonly ConcurrentDictionary<Type, string?> Answers = new();

    public static string? Problem(IEnumerable<Type> needs, IEnumerable<string> tools)
    {
        foreach (var need in needs)
        {
            if (!typeof(IRequirement).IsAssignableFrom(need))
                throw new ArgumentException($"{need.Name} is not an {nameof(IRequirement)}", nameof(needs));
            if (Answers.GetOrAdd(need, type => ((IRequirement)Activator.CreateInstance(type)!).Problem) is { } problem)
                return problem;
        }

        return Tools.Missing(tools);
    }
}

/// <summary>Root.</summary>
public sealed class Root : IRequirement
{
    public string? Problem => Environment.UserName == "root" ? null : "needs root";
}

/// <summary>Root and the kernel's log, /dev/kmsg.</summary>
public sealed class Kmsg : IRequirement
{
    public string? Problem => new Root().Problem ?? (File.Exists("/dev/kmsg") ? null : "/dev/kmsg is absent");
}

/// <summary>A kernel with AppArmor, root and apparmor_parser: profiles can be loaded for real.</summary>
public sealed class LiveAppArmor : IRequirement
{
    public string? Problem =>
        !File.Exists("/sys/kernel/security/apparmor/profiles") ? "this kernel has no AppArmor (/sys/kernel/security/apparmor/profiles is absent)"
        : new Root().Problem is { } root ? $"loading profiles into the kernel {root}"
        : Tools.Missing(["apparmor_parser"]);
}
