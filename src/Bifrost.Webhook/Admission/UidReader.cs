using System.Text.Json;

namespace Bifrost.Webhook.Admission;

/// <summary>
/// Finds <c>request.uid</c> in a review without Core's parser, for the one case where the host itself failed
/// after reading the body: with the uid known the pod can still be allowed instead of the call failing.
/// </summary>
internal static class UidReader
{
    public static string? TryRead(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            var depth = 0;
            var inRequest = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName when depth == 1:
                        inRequest = reader.ValueTextEquals("request");
                        break;
                    case JsonTokenType.PropertyName when depth == 2 && inRequest && reader.ValueTextEquals("uid"):
                        return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: there is no uid to answer with.
        }

        return null;
    }
}
