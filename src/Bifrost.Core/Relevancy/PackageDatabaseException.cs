namespace Bifrost.Core.Relevancy;

/// <summary>
/// An image's package database that Bifrost cannot read: malformed, or in a format it does not read (rpm's Berkeley DB
/// or ndb). The message names the file and says why.
/// </summary>
public sealed class PackageDatabaseException : Exception
{
    public PackageDatabaseException()
    {
    }

    public PackageDatabaseException(string message)
        : base(message)
    {
    }

    public PackageDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
