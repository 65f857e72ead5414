using System.Text.Json;
using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>Picks a line's topic from its <c>source</c> field (a quick scan, not a full parse).</summary>
public static class TopicRouter
{
    /// <summary>Where lines without a readable source go (they are rejected downstream, with their reason).</summary>
    public static string Fallback { get; } = KafkaTopics.Of(EventSource.Web);

    public static string TopicOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fallback;
            }

            while (reader.Read() && reader.CurrentDepth >= 1)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("source"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String && EventSources.TryParse(reader.GetString(), out var source)
                        ? KafkaTopics.Of(source)
                        : Fallback;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON (or not only JSON): the worker will say why.
        }

        return Fallback;
    }
}
