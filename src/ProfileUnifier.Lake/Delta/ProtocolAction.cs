using System.Text.Json.Serialization;

namespace ProfileUnifier.Lake.Delta;

/// <summary>The <c>protocol</c> action: the reader and writer versions a client needs.</summary>
public sealed record ProtocolAction
{
    /// <summary>What this lake writes: reader 1 / writer 2, no table features, so every engine reads it.</summary>
    public static ProtocolAction Default { get; } = new() { MinReaderVersion = 1, MinWriterVersion = 2 };

    [JsonPropertyName("minReaderVersion")]
    public required int MinReaderVersion { get; init; }

    [JsonPropertyName("minWriterVersion")]
    public required int MinWriterVersion { get; init; }

    [JsonPropertyName("readerFeatures")]
    public List<string>? ReaderFeatures { get; init; }

    [JsonPropertyName("writerFeatures")]
    public List<string>? WriterFeatures { get; init; }
}
