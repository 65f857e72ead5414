using System.Text.Json;
using Confluent.Kafka;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// What the worker's Kafka clients say about the brokers, for operators: whether any broker is reachable
/// (a transport error marks the brokers down; a statistics report with a broker UP marks them back), since
/// when they have been unreachable, and how many partitions the consumer holds. Fed by
/// <see cref="KafkaClientFactory"/>'s handlers; read by the watchdog and the health endpoint.
/// </summary>
public sealed class KafkaHealth(TimeProvider clock)
{
    private long _unreachableSince = -1;
    private int _assigned;

    /// <summary>True while no broker is known to be reachable (after a transport error, until a broker is UP again).</summary>
    public bool Unreachable => Interlocked.Read(ref _unreachableSince) >= 0;

    public int AssignedPartitions => Volatile.Read(ref _assigned);

    /// <summary>The last transport error, for the message that ends the worker.</summary>
    public string? LastReason { get; private set; }

    /// <summary>How long no broker has been reachable (zero while one is).</summary>
    public TimeSpan UnreachableFor()
    {
        var since = Interlocked.Read(ref _unreachableSince);
        return since < 0 ? TimeSpan.Zero : clock.GetElapsedTime(since);
    }

    /// <summary>
    /// Takes an error from a client's error handler. Returns true when it is about reaching the brokers and
    /// they were already known to be down: a repeat nobody needs to read again.
    /// </summary>
    public bool Observe(Error error)
    {
        if (error.IsFatal || !IsTransport(error.Code))
        {
            return false;
        }

        LastReason = error.Reason;
        return Interlocked.CompareExchange(ref _unreachableSince, clock.GetTimestamp(), -1) >= 0;
    }

    /// <summary>Takes a librdkafka statistics report (JSON): a broker in state UP means the brokers are reachable.</summary>
    public bool Statistics(string json)
    {
        using var document = JsonDocument.Parse(json);
        var up = document.RootElement.TryGetProperty("brokers", out var brokers) &&
                 brokers.EnumerateObject().Any(b => b.Value.TryGetProperty("state", out var state) && state.GetString() == "UP");
        return up && Interlocked.Exchange(ref _unreachableSince, -1) >= 0;
    }

    public void Assigned(int partitions) => Interlocked.Add(ref _assigned, partitions);

    public void Revoked(int partitions) => Interlocked.Add(ref _assigned, -partitions);

    private static bool IsTransport(ErrorCode code) =>
        code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve or ErrorCode.Local_TimedOut;
}
