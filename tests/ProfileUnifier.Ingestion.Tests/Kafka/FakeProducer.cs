using System.Reflection;
using Confluent.Kafka;

namespace ProfileUnifier.Ingestion.Tests.Kafka;

/// <summary>
/// A producer that keeps what it is given (only what the worker calls: produce, flush, dispose), after failing the first
/// <see cref="FakeKafka.ProduceFailures"/> sends.
/// </summary>
// Public and unsealed: DispatchProxy derives a type from it.
public class FakeProducer : DispatchProxy
{
    internal FakeKafka Kafka { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IProducer<byte[]?, byte[]?>.ProduceAsync) => Produce((string)args![0]!, (Message<byte[]?, byte[]?>)args[1]!),
        nameof(IProducer<byte[]?, byte[]?>.Flush) when targetMethod.ReturnType == typeof(int) => 0,
        nameof(IProducer<byte[]?, byte[]?>.Flush) or nameof(IDisposable.Dispose) => null,
        _ => throw new NotSupportedException($"the fake producer does not do {targetMethod?.Name}"),
    };

    private Task<DeliveryResult<byte[]?, byte[]?>> Produce(string topic, Message<byte[]?, byte[]?> message)
    {
        var result = new DeliveryResult<byte[]?, byte[]?> { Topic = topic, Message = message, Status = PersistenceStatus.Persisted };
        if (Kafka.NextProduceFails())
        {
            var failure = new ProduceException<byte[]?, byte[]?>(new Error(ErrorCode.Local_QueueFull), result);
            return Kafka.ProduceFailuresThrow ? throw failure : Task.FromException<DeliveryResult<byte[]?, byte[]?>>(failure);
        }

        Kafka.Produced.Enqueue((topic, message));
        return Task.FromResult(result);
    }
}
