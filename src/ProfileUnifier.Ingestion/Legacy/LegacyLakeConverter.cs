using System.Text.Json;
using Microsoft.Extensions.Logging;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Ingestion.Legacy;

/// <summary>
/// <c>convert</c>: copies a lake of the layout before Delta (a <c>_log/</c> commit log, touchpoints under
/// <c>source=…/date=…</c>) into a new Delta lake. Each old transaction that added rows becomes one batch, with the same
/// input positions, Kafka offsets and counts, so a later <c>ingest</c> or <c>run</c> carries on exactly where the old
/// lake stopped; then the identity state is rebuilt from the touchpoints and the snapshot tables published. The old
/// lake is only read. Rankings are not copied: run <c>rank</c> on the new lake.
/// </summary>
public sealed class LegacyLakeConverter(ILogger logger)
{
    public async Task<ConversionSummary> ConvertAsync(string oldRoot, LakeContext lake, IdentityRules rules, IngestOptions ingest, CancellationToken ct)
    {
        var log = Path.Combine(oldRoot, LegacyLake.LogFolder);
        if (!Directory.Exists(log))
        {
            throw new DirectoryNotFoundException($"{oldRoot} has no {LegacyLake.LogFolder}/ commit log: not a lake of the earlier layout");
        }

        if (Directory.Exists(lake.Root) && Directory.EnumerateFileSystemEntries(lake.Root).Any())
        {
            throw new ArgumentException($"{lake.Root} is not empty: convert into a new folder");
        }

        var writer = await GroupWriter.OpenAsync(TableGroup.Batch, lake.Root, lake.Fs, lake.Options, lake.Clock, WriterIdentity.New(), ct);
        var totals = BatchCounts.Zero;
        long batches = 0, rows = 0;
        foreach (var entry in Entries(log))
        {
            var appended = entry.Files.Where(f => f.Table is TableNames.Touchpoints or TableNames.Rejected or TableNames.Merges).ToList();
            if (appended.Count == 0 && entry.Inputs.Count == 0 && entry.Kafka.Count == 0)
            {
                continue;
            }

            var batch = writer.LastNumber + 1;
            var touchpoints = new List<FileSlice>();
            var schema = new TouchpointRows();
            // The old files of a source (one per day) become one file of the new lake's source partition.
            foreach (var bySource in appended.Where(f => f.Table == TableNames.Touchpoints).GroupBy(f => SourceOf(f.Path), StringComparer.Ordinal)
                         .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var buffer = new TouchpointRows();
                foreach (var file in bySource)
                {
                    await AppendAsync(buffer, oldRoot, file, ct);
                }

                buffer.AssignBatch(batch);
                buffer.FillMissingDates();
                touchpoints.Add(new FileSlice([new("source", bySource.Key)], buffer.All));
                rows += buffer.Rows;
            }

            var counts = new BatchCounts(entry.Counts.Lines, entry.Counts.Accepted, entry.Counts.Rejected, entry.Counts.Redeliveries);
            totals = totals.Add(counts);
            await writer.CommitAsync(new GroupCommit
            {
                Operation = "CONVERT",
                Leader = new TableChange { Schema = schema, PartitionColumns = TouchpointPartitions.PartitionColumns, Files = touchpoints },
                Members =
                {
                    [TableNames.Rejected] = await MemberAsync(new RejectedRows(), oldRoot, appended, TableNames.Rejected, batch, ct),
                    [TableNames.Merges] = await MemberAsync(new MergesRows(), oldRoot, appended, TableNames.Merges, batch, ct),
                    // The old layout had no job changes: the next ingest logs the moves its resolution shows.
                    [TableNames.JobChanges] = new TableChange { Schema = new JobChangesRows() },
                },
                Progress = [.. LakeProgress.Actions(totals, entry.Inputs.Select(i => new InputPosition(i.Id, i.Lines, null, null, i.Complete)),
                    entry.Kafka.Select(k => new KafkaPosition(k.Topic, k.Partition, k.NextOffset)), lake.Clock.GetUtcNow().ToUnixTimeMilliseconds())],
                Counts = counts,
            }, ct);
            batches++;
        }

        // The identity state from the copied touchpoints (no checkpoint yet: all of them), then the snapshot tables.
        var ingestor = await LakeIngestor.OpenAsync(lake, rules, ingest, WriterIdentity.New(), logger, null, ct);
        await ingestor.MaintainAsync(Maintenance.Finish, ct);
        return new ConversionSummary(batches, rows, totals);
    }

    private static IEnumerable<LegacyCommitEntry> Entries(string log) =>
        Directory.EnumerateFiles(log, "*.json").Order(StringComparer.Ordinal).Select(path =>
        {
            try
            {
                return JsonSerializer.Deserialize<LegacyCommitEntry>(File.ReadAllBytes(path), LegacyCommitEntry.Json)
                       ?? throw new InvalidDataException($"{path} is empty");
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path} is not a commit log entry: {ex.Message}", ex);
            }
        });

    private static async Task<TableChange> MemberAsync(TableBuffer rows, string oldRoot, IEnumerable<LegacyFile> files, string table, long batch,
        CancellationToken ct)
    {
        foreach (var file in files.Where(f => f.Table == table))
        {
            await AppendAsync(rows, oldRoot, file, ct);
        }

        rows.AssignBatch(batch);
        return new TableChange { Schema = rows, Files = rows.Rows > 0 ? [FileSlice.Unpartitioned(rows.All)] : [] };
    }

    /// <summary>A committed file's rows, from where it was put — or from staging, if the old lake crashed before renaming it.</summary>
    private static async Task AppendAsync(TableBuffer rows, string oldRoot, LegacyFile file, CancellationToken ct)
    {
        // The old log names paths relative to its root: one that leads outside it is a damaged (or hostile) log.
        var path = DeltaPaths.Resolve(oldRoot, file.Path);
        if (!File.Exists(path))
        {
            path = DeltaPaths.Resolve(oldRoot, file.Staged);
        }

        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{file.Path}, committed in the old lake's log, is missing: the old lake is damaged");
        }

        await using var stream = File.OpenRead(path);
        await rows.AppendFileAsync(stream, ct);
    }

    /// <summary>The source of an old touchpoints file, from its folder (source=…/date=…).</summary>
    private static string SourceOf(string path) =>
        path.Split('/').Single(p => p.StartsWith("source=", StringComparison.Ordinal))["source=".Length..];
}

/// <summary>What a conversion copied.</summary>
public sealed record ConversionSummary(long Batches, long Touchpoints, BatchCounts Totals);
