using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProfileUnifier.Query.Output;

/// <summary>Streams a result as a JSON array of objects keyed by column name.</summary>
public static class JsonResultWriter
{
    public static long Write(DbDataReader reader, TextWriter output)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        json.WriteStartArray();
        long rows = 0;
        while (reader.Read())
        {
            json.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                json.WritePropertyName(names[i]);
                JsonValue.Write(json, ValueText.Cell(reader, i));
            }

            json.WriteEndObject();
            rows++;
            if (json.BytesPending + buffer.WrittenCount > 48 * 1024)
            {
                Drain(json, buffer, output);
            }
        }

        json.WriteEndArray();
        Drain(json, buffer, output);
        output.WriteLine();
        return rows;
    }

    // Flushing ends on a whole token, so no UTF-8 sequence is split between two writes.
    private static void Drain(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, TextWriter output)
    {
        json.Flush();
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.ResetWrittenCount();
    }
}
