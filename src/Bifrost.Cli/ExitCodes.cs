namespace Bifrost.Cli;

/// <summary>What <c>bifrost</c> exits with: scripts tell bad input from a mistyped command line.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The input could not be read or processed; nothing was written to standard output.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong; usage was printed.</summary>
    public const int Usage = 2;
}
