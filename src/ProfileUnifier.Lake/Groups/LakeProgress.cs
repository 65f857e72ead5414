using System.Globalization;
using ProfileUnifier.Lake.Delta;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// How far the lake has read its inputs, as txn actions of the touchpoints table (the batch's commit point):
/// <c>profileunifier/input/&lt;input id&gt;</c> = lines of a file committed, <c>…/input-bytes/…</c> = bytes of content
/// they span, <c>…/input-prefix/…</c> = a hash of those bytes (and <c>…/input-complete/…</c> when the file was read to
/// its end), <c>profileunifier/kafka/&lt;topic&gt;/&lt;partition&gt;</c> = the next offset, and running totals under
/// <c>profileunifier/total/…</c>. Txn actions survive Delta checkpoints, so this is read without history.
/// </summary>
public sealed record LakeProgress(
    long Batch,
    BatchCounts Totals,
    IReadOnlyDictionary<string, InputPosition> Inputs,
    IReadOnlyDictionary<(string Topic, int Partition), long> KafkaOffsets)
{
    /// <summary>Tokens of erased people's identifiers: events carrying one are dropped (<c>profileunifier/suppressed/&lt;token&gt;</c>).</summary>
    public IReadOnlySet<string> Suppressions { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How many erasures the lake has had (<c>profileunifier/erasures</c>); identity state made before the last one is stale.</summary>
    public long Erasures { get; init; }

    /// <summary>The batch number the latest erasure committed as (0: none).</summary>
    public long ErasureBatch { get; init; }

    /// <summary>Accepted events erased since (touchpoint rows = accepted − erased).</summary>
    public long Erased { get; init; }

    private const string Input = "profileunifier/input/";
    private const string InputComplete = "profileunifier/input-complete/";
    private const string InputBytes = "profileunifier/input-bytes/";
    private const string InputPrefix = "profileunifier/input-prefix/";
    private const string Kafka = "profileunifier/kafka/";
    private const string Total = "profileunifier/total/";
    private const string SuppressedPrefix = "profileunifier/suppressed/";
    private const string ErasuresId = "profileunifier/erasures";
    private const string ErasureBatchId = "profileunifier/erasure-batch";
    private const string ErasedId = "profileunifier/total/erased";

    public static LakeProgress Empty { get; } = new(0, BatchCounts.Zero, new Dictionary<string, InputPosition>(),
        new Dictionary<(string, int), long>());

    public static LakeProgress Of(DeltaSnapshot touchpoints)
    {
        var txns = touchpoints.Transactions;
        var inputs = new Dictionary<string, InputPosition>(StringComparer.Ordinal);
        var kafka = new Dictionary<(string, int), long>();
        var suppressions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (appId, version) in txns)
        {
            if (appId.StartsWith(SuppressedPrefix, StringComparison.Ordinal))
            {
                suppressions.Add(appId[SuppressedPrefix.Length..]);
                continue;
            }

            if (appId.StartsWith(Input, StringComparison.Ordinal))
            {
                var id = appId[Input.Length..];
                inputs[id] = new InputPosition(id, version, txns.TryGetValue(InputBytes + id, out var bytes) ? bytes : null,
                    txns.TryGetValue(InputPrefix + id, out var prefix) ? prefix : null, txns.GetValueOrDefault(InputComplete + id, -1) == version);
            }
            else if (appId.StartsWith(Kafka, StringComparison.Ordinal) && appId.LastIndexOf('/') is var slash && slash > Kafka.Length &&
                     int.TryParse(appId.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
            {
                kafka[(appId[Kafka.Length..slash], partition)] = version;
            }
        }

        var totals = new BatchCounts(txns.GetValueOrDefault(Total + "lines"), txns.GetValueOrDefault(Total + "accepted"),
            txns.GetValueOrDefault(Total + "rejected"), txns.GetValueOrDefault(Total + "redeliveries"), txns.GetValueOrDefault(Total + "suppressed"));
        return new LakeProgress(touchpoints.TransactionVersion(TableGroup.Batch.AppId) ?? 0, totals, inputs, kafka)
        {
            Suppressions = suppressions,
            Erasures = txns.GetValueOrDefault(ErasuresId),
            ErasureBatch = txns.GetValueOrDefault(ErasureBatchId),
            Erased = txns.GetValueOrDefault(ErasedId),
        };
    }

    /// <summary>
    /// The txn actions an erasure adds to its batch commit: the erased person's tokens join the suppression list, the
    /// erasure is counted (which makes identity state made before it stale) and so are the events it removed.
    /// </summary>
    public IEnumerable<TransactionAction> ErasureActions(long batch, IEnumerable<string> tokens, long erasedEvents, long nowMs)
    {
        TransactionAction Txn(string appId, long version) => new() { AppId = appId, Version = version, LastUpdated = nowMs };
        foreach (var token in tokens.Where(t => !Suppressions.Contains(t)))
        {
            yield return Txn(SuppressedPrefix + token, batch);
        }

        yield return Txn(ErasuresId, Erasures + 1);
        yield return Txn(ErasureBatchId, batch);
        yield return Txn(ErasedId, Erased + erasedEvents);
    }

    /// <summary>The txn actions that record a batch's progress on top of this one.</summary>
    public static IEnumerable<TransactionAction> Actions(BatchCounts totals, IEnumerable<InputPosition> inputs, IEnumerable<KafkaPosition> kafka,
        long nowMs)
    {
        TransactionAction Txn(string appId, long version) => new() { AppId = appId, Version = version, LastUpdated = nowMs };
        foreach (var input in inputs)
        {
            yield return Txn(Input + input.Id, input.Lines);
            if (input.Bytes is { } bytes && input.Prefix is { } prefix)
            {
                yield return Txn(InputBytes + input.Id, bytes);
                yield return Txn(InputPrefix + input.Id, prefix);
            }

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
        yield return Txn(Total + "suppressed", totals.Suppressed);
    }
}

/// <summary>
/// How far an input file has been read: <paramref name="Lines"/> lines spanning the first <paramref name="Bytes"/> bytes of
/// its content, whose hash is <paramref name="Prefix"/>. <paramref name="Id"/> derives from the content's first line, so a
/// copy under another name is the same input and a file that grew is still the same input (the ingest checks the prefix:
/// InputLedger). Positions written before bytes and prefix were recorded have neither: their id hashes the whole content.
/// </summary>
public sealed record InputPosition(string Id, long Lines, long? Bytes, long? Prefix, bool Complete);

/// <summary>The next offset to read in a Kafka partition.</summary>
public sealed record KafkaPosition(string Topic, int Partition, long NextOffset);
