using System.Globalization;
using System.Text.Unicode;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Where a line came from: a file and line number, or a Kafka topic, partition and offset.</summary>
public readonly record struct SourcePosition(string Kind, string? File, long? Line, string? Topic, int? Partition, long? Offset)
    : IUtf8SpanFormattable
{
    public static SourcePosition InFile(string file, long line) => new("file", file, line, null, null, null);

    public static SourcePosition InKafka(string topic, int partition, long offset) => new("kafka", null, null, topic, partition, offset);

    public override string ToString() => Kind == "file"
        ? string.Create(CultureInfo.InvariantCulture, $"file:{File}:{Line}")
        : string.Create(CultureInfo.InvariantCulture, $"kafka:{Topic}/{Partition}/{Offset}");

    /// <summary>The same text as <see cref="ToString"/>, as UTF-8 (how the touchpoints table stores it).</summary>
    /// <remarks>
    /// The numbers are formatted as values, not as the nullables they are held in: a nullable in an interpolation is
    /// boxed (an object for every touchpoint row).
    /// </remarks>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        (Kind, Line, Partition, Offset) switch
        {
            ("file", { } line, _, _) => Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"file:{File}:{line}", out bytesWritten),
            ("file", null, _, _) => Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"file:{File}:", out bytesWritten),
            (_, _, { } partition, { } offset) =>
                Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"kafka:{Topic}/{partition}/{offset}", out bytesWritten),
            _ => Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"kafka:{Topic}/{Partition}/{Offset}", out bytesWritten),
        };
}
