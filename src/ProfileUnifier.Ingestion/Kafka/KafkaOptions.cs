using System.ComponentModel.DataAnnotations;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>How to reach Kafka (section <c>Kafka</c>). Never hard-coded: settings, environment or the command line.</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Kafka:BootstrapServers is required (--bootstrap-servers or PROFILEUNIFIER_Kafka__BootstrapServers)")]
    public string BootstrapServers { get; set; } = "";

    [Required(AllowEmptyStrings = false)]
    public string GroupId { get; set; } = "profileunifier";

    /// <summary>Topics to consume; empty means the six source topics (DESIGN.md, "Kafka").</summary>
    public List<string> Topics { get; set; } = [];

    [Required(AllowEmptyStrings = false)]
    public string RejectedTopic { get; set; } = KafkaTopics.Rejected;

    /// <summary>"classic" (any broker) or "consumer" (KIP-848: Kafka 4 and the embedded broker; faster rebalances).</summary>
    [RegularExpression("^(classic|consumer)$")]
    public string GroupProtocol { get; set; } = "classic";

    /// <summary>Classic groups: how long a dead member keeps its partitions (brokers allow 6 s and up by default).</summary>
    [Range(1000, 300_000)]
    public int SessionTimeoutMs { get; set; } = 10_000;

    /// <summary>How long no broker may answer before the worker stops with an error (non-zero exit) instead of retrying forever.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UnreachableTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Passed to librdkafka as they are: security.protocol, sasl.mechanism, sasl.username, sasl.password,
    /// ssl.ca.location and any other client setting.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = [];
}
