using System.Text;
using Confluent.Kafka;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>
/// Produces NDJSON lines to the source topics (keyed by position, so partitions fill evenly), never more
/// than a set number of bytes ahead of what the lake has committed per partition: the embedded broker
/// keeps only about 5 MiB per partition and evicts older data, which a worker restarting from its last
/// commit would still need.
/// </summary>
/// <param name="topicOf">Maps a contract topic (events.web, ...) to the topic actually used (tests use fresh names).</param>
public sealed class PacedProducer(IProducer<byte[]?, byte[]?> producer, Func<IReadOnlyDictionary<(string Topic, int Partition), long>> committed,
    long maxBacklogBytes = 3 * 1024 * 1024, Func<string, string>? topicOf = null)
{
    private readonly Dictionary<(string, int), List<long>> _cumulative = [];
    private readonly Dictionary<(string, int), long> _baseOffset = [];

    public long Produced { get; private set; }

    /// <summary>Produces every line of <paramref name="lines"/>, waiting whenever a partition is too far ahead.</summary>
    public async Task ProduceAsync(IEnumerable<byte[]> lines, IProgress<long>? progress, CancellationToken ct, int chunk = 2000)
    {
        var pending = new List<Task<DeliveryResult<byte[]?, byte[]?>>>(chunk);
        foreach (var line in lines)
        {
            var message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(Produced.ToString(System.Globalization.CultureInfo.InvariantCulture)), Value = line };
            var topic = TopicRouter.TopicOf(line);
            pending.Add(producer.ProduceAsync(topicOf?.Invoke(topic) ?? topic, message, ct));
            Produced++;
            if (pending.Count == chunk)
            {
                await DeliveredAsync(pending);
                progress?.Report(Produced);
                await WaitForRoomAsync(ct);
            }
        }

        await DeliveredAsync(pending);
        progress?.Report(Produced);
    }

    /// <summary>Bytes produced to a partition beyond what the lake has committed of it.</summary>
    public long Backlog(string topic, int partition)
    {
        var key = (topic, partition);
        if (!_cumulative.TryGetValue(key, out var sums) || sums.Count == 0)
        {
            return 0;
        }

        var next = committed().GetValueOrDefault(key, _baseOffset[key]);
        var consumedIndex = (int)Math.Clamp(next - _baseOffset[key], 0, sums.Count);
        return sums[^1] - (consumedIndex == 0 ? 0 : sums[consumedIndex - 1]);
    }

    private async Task DeliveredAsync(List<Task<DeliveryResult<byte[]?, byte[]?>>> pending)
    {
        foreach (var delivery in await Task.WhenAll(pending))
        {
            var key = (delivery.Topic, delivery.Partition.Value);
            if (!_cumulative.TryGetValue(key, out var sums))
            {
                _cumulative[key] = sums = [];
                _baseOffset[key] = delivery.Offset.Value;
            }

            // Offsets of one partition arrive in order; fill any gap (a transaction marker, say) with zero bytes.
            while (_baseOffset[key] + sums.Count < delivery.Offset.Value)
            {
                sums.Add(sums.Count == 0 ? 0 : sums[^1]);
            }

            sums.Add((sums.Count == 0 ? 0 : sums[^1]) + delivery.Message.Value!.Length);
        }

        pending.Clear();
    }

    private async Task WaitForRoomAsync(CancellationToken ct)
    {
        while (_cumulative.Keys.Any(k => Backlog(k.Item1, k.Item2) > maxBacklogBytes))
        {
            await Task.Delay(50, ct);
        }
    }
}
