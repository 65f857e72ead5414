using System.Collections;
using System.Numerics;
using System.Text.Json;

namespace ProfileUnifier.Query.Output;

/// <summary>Writes a DuckDB value as JSON: numbers as numbers (NaN and infinities as null), lists as arrays, structs and maps as objects.</summary>
public static class JsonValue
{
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case double or float:
                json.WriteNullValue();
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                json.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case BigInteger i:
                json.WriteRawValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName(ValueText.Format(entry.Key));
                    Write(json, entry.Value);
                }

                json.WriteEndObject();
                break;
            case IEnumerable list and not byte[]:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(ValueText.Format(value));
                break;
        }
    }

    public static string ToJson(object? value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
