namespace Bifrost.Fuzz;

/// <summary>An answer that breaks an entry point's contract without throwing: reported to afl-fuzz as a crash.</summary>
public sealed class FuzzFindingException : Exception
{
    public FuzzFindingException(string message) : base(message)
    {
    }

    public FuzzFindingException(string message, Exception inner) : base(message, inner)
    {
    }
}
