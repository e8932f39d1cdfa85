namespace Bifrost.Core.Relevancy.Sqlite;

/// <summary>
/// One row of a table: its rowid and its columns as stored, each null, <see cref="long"/>, <see cref="double"/>,
/// <see cref="string"/> or a byte array. An <c>INTEGER PRIMARY KEY</c> column is stored as null; its value is the rowid.
/// </summary>
internal sealed record SqliteRow(long RowId, IReadOnlyList<object?> Values);
