using System.Globalization;
using ProfileUnifier.Lake.Delta;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// How far the lake has read its inputs, as txn actions of the touchpoints table (the batch's commit point):
/// <c>profileunifier/input/&lt;content id&gt;</c> = lines of a file committed (and <c>…/input-complete/…</c> once
/// it is whole), <c>profileunifier/kafka/&lt;topic&gt;/&lt;partition&gt;</c> = the next offset, and running totals
/// under <c>profileunifier/total/…</c>. Txn actions survive Delta checkpoints, so this is read without history.
/// </summary>
public sealed record LakeProgress(
    long Batch,
    BatchCounts Totals,
    IReadOnlyDictionary<string, InputPosition> Inputs,
    IReadOnlyDictionary<(string Topic, int Partition), long> KafkaOffsets)
{
    private const string Input = "profileunifier/input/";
    private const string InputComplete = "profileunifier/input-complete/";
    private const string Kafka = "profileunifier/kafka/";
    private const string Total = "profileunifier/total/";

    public static LakeProgress Empty { get; } = new(0, BatchCounts.Zero, new Dictionary<string, InputPosition>(),
        new Dictionary<(string, int), long>());

    public static LakeProgress Of(DeltaSnapshot touchpoints)
    {
        var txns = touchpoints.Transactions;
        var inputs = new Dictionary<string, InputPosition>(StringComparer.Ordinal);
        var kafka = new Dictionary<(string, int), long>();
        foreach (var (appId, version) in txns)
        {
            if (appId.StartsWith(Input, StringComparison.Ordinal))
            {
                var id = appId[Input.Length..];
                inputs[id] = new InputPosition(id, version, txns.GetValueOrDefault(InputComplete + id, -1) == version);
            }
            else if (appId.StartsWith(Kafka, StringComparison.Ordinal) && appId.LastIndexOf('/') is var slash && slash > Kafka.Length &&
                     int.TryParse(appId.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
            {
                kafka[(appId[Kafka.Length..slash], partition)] = version;
            }
        }

        var totals = new BatchCounts(txns.GetValueOrDefault(Total + "lines"), txns.GetValueOrDefault(Total + "accepted"),
            txns.GetValueOrDefault(Total + "rejected"), txns.GetValueOrDefault(Total + "redeliveries"));
        return new LakeProgress(touchpoints.TransactionVersion(TableGroup.Batch.AppId) ?? 0, totals, inputs, kafka);
    }

    /// <summary>The txn actions that record a batch's progress on top of this one.</summary>
    public static IEnumerable<TransactionAction> Actions(BatchCounts totals, IEnumerable<InputPosition> inputs, IEnumerable<KafkaPosition> kafka,
        long nowMs)
    {
        TransactionAction Txn(string appId, long version) => new() { AppId = appId, Version = version, LastUpdated = nowMs };
        foreach (var input in inputs)
        {
            yield return Txn(Input + input.Id, input.Lines);
            if (input.Complete)
            {
                yield return Txn(InputComplete + input.Id, input.Lines);
            }
        }

        foreach (var position in kafka)
        {
            yield return Txn(string.Create(CultureInfo.InvariantCulture, $"{Kafka}{position.Topic}/{position.Partition}"), position.NextOffset);
        }

        yield return Txn(Total + "lines", totals.Lines);
        yield return Txn(Total + "accepted", totals.Accepted);
        yield return Txn(Total + "rejected", totals.Rejected);
        yield return Txn(Total + "redeliveries", totals.Redeliveries);
    }
}

/// <summary>
/// How far an input file has been read: <paramref name="Id"/> is a hash of its content, so a copy under another
/// name is the same input, and a changed file is a new one.
/// </summary>
public sealed record InputPosition(string Id, long Lines, bool Complete);

/// <summary>The next offset to read in a Kafka partition.</summary>
public sealed record KafkaPosition(string Topic, int Partition, long NextOffset);
