using System.Text.RegularExpressions;

namespace Bifrost.Core.AppArmor;

/// <summary>The generalisations Bifrost applies to literal paths, in the order they claim text.</summary>
public static class GeneralisationRules
{
    /// <summary>A hex run this long or longer is an id (container ids, hashes, tokens), not a name.</summary>
    public const int MinHexRun = 16;

    /// <summary>A digit run this long or longer is an id or timestamp, not a name.</summary>
    public const int MinDigitRun = 6;

    /// <summary>This many files with the same permissions directly in one directory become <c>dir/*</c>.</summary>
    public const int TempFileThreshold = 8;

    /// <summary>Directories this shallow (e.g. <c>/tmp/</c>) are never globbed by <see cref="TempDirectory"/>.</summary>
    public const int MinTempDirectoryDepth = 2;

    /// <summary>This many read-only paths below one directory, in at least two directories, become <c>dir/**</c>.</summary>
    public const int ContentTreeThreshold = 8;

    /// <summary>Directories this shallow (e.g. <c>/srv/</c>) are never globbed by <see cref="ContentTree"/>.</summary>
    public const int MinContentTreeDepth = 2;

    public const string DeletedSuffix = "deleted-suffix";
    public const string ProcSelf = "proc-self";
    public const string TempDirectory = "temp-directory";
    public const string BaseAbstraction = "base-abstraction";
    public const string CreatedFileNumber = "created-file-number";
    public const string ContentTree = "content-tree";

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled;

    public static IReadOnlyList<GeneralisationRule> PathRules { get; } =
    [
        new("proc-pid", "/proc/<pid>/… becomes /proc/@{pid}/…",
            new Regex(@"^/proc/(?<g>[0-9]+)(?=/|$)", Options), "@{pid}", false),
        new("proc-tid", "/proc/@{pid}/task/<tid>/… becomes /proc/@{pid}/task/@{tid}/…",
            new Regex(@"^/proc/[0-9]+/task/(?<g>[0-9]+)(?=/|$)", Options), "@{tid}", false),
        new("proc-fd", "/proc/@{pid}/fd/<n> and fdinfo/<n> become fd/[0-9]*",
            new Regex(@"^/proc/[0-9]+/(task/[0-9]+/)?(fd|fdinfo)/(?<g>[0-9]+)$", Options), "[0-9]*", false),
        new("uuid", "a UUID becomes *",
            new Regex(@"(?<g>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})", Options), "*", true),
        new("long-hex", $"a run of {MinHexRun}+ hex digits becomes *",
            new Regex($@"(?<![0-9A-Za-z])(?<g>[0-9a-fA-F]{{{MinHexRun},}})(?![0-9A-Za-z])", Options), "*", true),
        new("long-digits", $"a run of {MinDigitRun}+ decimal digits becomes *",
            new Regex($@"(?<![0-9])(?<g>[0-9]{{{MinDigitRun},}})(?![0-9])", Options), "*", true),
        new("versioned-library", "libfoo.so.1.2.3 becomes libfoo.so*",
            new Regex(@"\.so(?<g>(\.[0-9]+)+)$", Options), "*", false),
    ];

    /// <summary>Every rule name with its description, including the ones applied outside <see cref="PathRules"/>.</summary>
    public static IEnumerable<(string Name, string Description)> All =>
    [
        (DeletedSuffix, "a trailing \" (deleted)\" is dropped: with mediate_deleted AppArmor mediates the original name"),
        (ProcSelf, "/proc/self and /proc/thread-self are the task's own pid, so they generalise like /proc/<pid>"),
        .. PathRules.Select(r => (r.Name, r.Description)),
        (CreatedFileNumber, "in the name of a file the workload created, each digit run becomes [0-9]* (pids, counters)"),
        (ContentTree, $"{ContentTreeThreshold}+ read-only paths in 2+ directories below one directory at least {MinContentTreeDepth} deep, outside " +
            "/etc, /proc, /sys, /dev, /run, /var/run, /root, /home, /boot and /var/lib/kubelet, become dir/** r"),
        (TempDirectory, $"{TempFileThreshold}+ files with the same permissions directly in one directory at least {MinTempDirectoryDepth} deep become dir/*"),
        (BaseAbstraction, "accesses abstractions/base already allows get no rule of their own"),
    ];
}
