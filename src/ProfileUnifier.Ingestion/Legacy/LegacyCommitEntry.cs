using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProfileUnifier.Ingestion.Legacy;

/// <summary>
/// An entry of the commit log lakes had before the Delta layout (<c>_log/NNN.json</c>, snake_case): the files a
/// transaction put in place, how far it read each input, and what it did with the lines. Read only, to convert.
/// </summary>
internal sealed record LegacyCommitEntry(
    long Txn,
    List<LegacyFile> Files,
    List<LegacyInput> Inputs,
    List<LegacyKafka> Kafka,
    LegacyCounts Counts)
{
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

internal sealed record LegacyFile(string Table, string Path, string Staged);

internal sealed record LegacyInput(string Id, long Lines, bool Complete);

internal sealed record LegacyKafka(string Topic, int Partition, [property: JsonPropertyName("next_offset")] long NextOffset);

internal sealed record LegacyCounts(long Lines, long Accepted, long Rejected, long Redeliveries);
