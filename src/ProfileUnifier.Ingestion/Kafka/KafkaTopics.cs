using ProfileUnifier.Core.Events;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>Topic names of the contract: <c>events.&lt;source&gt;</c> and <c>events.rejected</c>.</summary>
public static class KafkaTopics
{
    public const string Rejected = "events.rejected";

    public static IReadOnlyList<string> Sources { get; } = [.. EventSources.All.Select(Of)];

    public static string Of(EventSource source) => "events." + source.WireName();
}
