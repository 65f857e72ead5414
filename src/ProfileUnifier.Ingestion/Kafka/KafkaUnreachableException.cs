namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>No broker answered for longer than <c>Kafka:UnreachableTimeout</c>: the worker gives up so an orchestrator can act.</summary>
public sealed class KafkaUnreachableException(string message) : Exception(message);
