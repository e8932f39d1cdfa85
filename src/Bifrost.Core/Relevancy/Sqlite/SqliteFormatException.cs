namespace Bifrost.Core.Relevancy.Sqlite;

/// <summary>A SQLite database, or the write-ahead log beside it, that cannot be read as the file format says; the message says where and why.</summary>
internal sealed class SqliteFormatException : FormatException
{
    public SqliteFormatException(string message)
        : base(message)
    {
    }

    public SqliteFormatException()
    {
    }

    public SqliteFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
