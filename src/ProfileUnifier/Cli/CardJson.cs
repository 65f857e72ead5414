using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProfileUnifier.Query;
using ProfileUnifier.Query.Output;
using ProfileUnifier.Query.Profiles;

namespace ProfileUnifier.Cli;

/// <summary>A profile or account card as one JSON document, for scripts.</summary>
internal static class CardJson
{
    public static string Write(Card card)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("matched_by", card.MatchedBy);
            switch (card)
            {
                case ProfileCard p:
                    json.WriteString("kind", "profile");
                    Row(json, "profile", p.Profile);
                    Row(json, "account", p.Account);
                    json.WriteStartArray("employment");
                    foreach (var job in p.Employment)
                    {
                        Object(json, job);
                    }

                    json.WriteEndArray();
                    break;
                case AccountCard a:
                    json.WriteString("kind", "account");
                    Row(json, "account", a.Account);
                    Row(json, "ranking", a.Ranking);
                    json.WriteStartArray("people");
                    foreach (var person in a.People)
                    {
                        Object(json, person);
                    }

                    json.WriteEndArray();
                    break;
            }

            json.WriteStartArray("timeline");
            foreach (var source in card.Timeline)
            {
                json.WriteStartObject();
                json.WriteString("source", source.Source);
                json.WriteNumber("events", source.Events);
                json.WriteString("first", ValueText.Timestamp(source.First));
                json.WriteString("last", ValueText.Timestamp(source.Last));
                json.WriteStartArray("latest");
                foreach (var e in source.Latest)
                {
                    json.WriteStartObject();
                    json.WriteString("occurred_at", ValueText.Timestamp(e.OccurredAt));
                    json.WriteString("type", e.Type);
                    json.WriteString("person", e.Person);
                    json.WriteString("summary", e.Summary);
                    json.WriteString("event_id", e.EventId);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Row(Utf8JsonWriter json, string name, LakeRow? row)
    {
        json.WritePropertyName(name);
        if (row is null)
        {
            json.WriteNullValue();
        }
        else
        {
            Object(json, row);
        }
    }

    private static void Object(Utf8JsonWriter json, LakeRow row)
    {
        json.WriteStartObject();
        foreach (var (column, value) in row)
        {
            json.WritePropertyName(column);
            JsonValue.Write(json, value);
        }

        json.WriteEndObject();
    }
}
