using System.Globalization;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Where a line came from: a file and line number, or a Kafka topic, partition and offset.</summary>
public readonly record struct SourcePosition(string Kind, string? File, long? Line, string? Topic, int? Partition, long? Offset)
{
    public static SourcePosition InFile(string file, long line) => new("file", file, line, null, null, null);

    public static SourcePosition InKafka(string topic, int partition, long offset) => new("kafka", null, null, topic, partition, offset);

    public override string ToString() => Kind == "file"
        ? string.Create(CultureInfo.InvariantCulture, $"file:{File}:{Line}")
        : string.Create(CultureInfo.InvariantCulture, $"kafka:{Topic}/{Partition}/{Offset}");
}
