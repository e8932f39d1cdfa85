namespace Bifrost.Cli;

/// <summary>
/// What <c>bifrost</c> exits with, the same meaning in every command so a script can tell a finding from bad input
/// from a mistyped command line. <see cref="Describe"/> is the table <c>--help</c> prints.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found something: <c>profile check</c> would deny an access, <c>vex</c> refused to judge.</summary>
    public const int Finding = 1;

    /// <summary>The command line was wrong (unknown option, extra argument, a missing or malformed value); nothing ran.</summary>
    public const int Usage = 2;

    /// <summary>An input could not be read or used, or the output could not be written; nothing went to standard output.</summary>
    public const int Input = 3;

    /// <summary><c>learn --report</c>: the webhook did not acknowledge everything in time.</summary>
    public const int NotReported = 4;

    /// <summary>Cluster commands: no kubeconfig, the API server cannot be reached or refused, or what was named is not there.</summary>
    public const int Cluster = 5;

    /// <summary>A fault in bifrost itself; the message says what failed.</summary>
    public const int Internal = 70;

    /// <summary><c>learn</c>: this machine cannot trace (not root, no BTF, no libbpf).</summary>
    public const int Unavailable = 125;

    /// <summary><c>learn</c>: the command had to be stopped after an interrupt.</summary>
    public const int Interrupted = 130;

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [Success] = "success",
        [Finding] = "something was found: profile check would deny an access, vex refused to judge, check failed, diff differs, approve had nothing to approve, uninstall stopped because nodes did not confirm their cleanup",
        [Usage] = "bad command line (unknown option, extra argument, missing or malformed value); nothing ran",
        [Input] = "an input could not be read or used, or the output could not be written",
        [NotReported] = "learn --report: the webhook did not acknowledge everything in time",
        [Cluster] = "the cluster cannot be used: no kubeconfig, unreachable, refused (401, 403), or what was named is not there",
        [Internal] = "a fault in bifrost itself",
        [Unavailable] = "learn: this machine cannot trace (not root, no BTF, no libbpf)",
        [Interrupted] = "learn: the command did not exit after an interrupt and was stopped",
    };

    /// <summary>The help section for <paramref name="codes"/> (every code when null), one code a line.</summary>
    public static string Describe(IEnumerable<int>? codes = null, string? first = null)
    {
        var lines = (codes ?? Meanings.Keys).Select(code => $"  {code,-5}{Meanings[code]}");
        return "Exit codes:\n" + (first is null ? "" : $"  {first}\n") + string.Join('\n', lines) + "\n";
    }
}
