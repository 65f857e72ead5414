using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>How actions are written: one compact JSON object per line, absent members left out.</summary>
public static class DeltaJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        // Readable logs: non-ASCII (Cyrillic names in stats) and quotes in schema strings as themselves, not \uXXXX.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A commit file's bytes: the actions as newline-delimited JSON.</summary>
    public static byte[] Serialize(IEnumerable<DeltaAction> actions)
    {
        var text = new StringBuilder();
        foreach (var action in actions)
        {
            text.Append(JsonSerializer.Serialize(action, Options)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The actions of a commit file; <paramref name="name"/> is only for the error message.</summary>
    public static List<DeltaAction> Parse(byte[] content, string name)
    {
        var actions = new List<DeltaAction>();
        var lineNumber = 0;
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                actions.Add(JsonSerializer.Deserialize<DeltaAction>(line, Options) ?? throw new JsonException("null action"));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{name} line {lineNumber} is not a Delta action: {ex.Message}", ex);
            }
        }

        return actions;
    }
}
