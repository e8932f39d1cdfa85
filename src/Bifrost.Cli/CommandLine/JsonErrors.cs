using System.Text.Json;

namespace Bifrost.Cli.CommandLine;

/// <summary>A JSON reader's error in plain words: the reason and where, without the reader's JSON path notation.</summary>
internal static class JsonErrors
{
    public static string Plain(JsonException e)
    {
        var message = e.Message;
        foreach (var notation in (string[])[" Path: ", " LineNumber: "])
        {
            var at = message.IndexOf(notation, StringComparison.Ordinal);
            if (at >= 0)
                message = message[..at];
        }

        message = message.TrimEnd('.', ' ');
        return e.LineNumber is { } line ? $"not valid JSON at line {line + 1}, column {e.BytePositionInLine + 1}: {message}" : message;
    }
}
