using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProfileUnifier.Synthetic;

/// <summary>Writes one JSON object per line into a reused buffer.</summary>
internal sealed class LineWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Keep Cyrillic readable in the files, as real exports do.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public LineWriter() => Json = new Utf8JsonWriter(_buffer, Options);

    public Utf8JsonWriter Json { get; }

    public void Begin()
    {
        _buffer.ResetWrittenCount();
        Json.Reset(_buffer);
        Json.WriteStartObject();
    }

    public ReadOnlySpan<byte> End()
    {
        Json.WriteEndObject();
        Json.Flush();
        return _buffer.WrittenSpan;
    }

    public void Optional(string name, string? value)
    {
        if (value is not null)
        {
            Json.WriteString(name, value);
        }
    }
}
