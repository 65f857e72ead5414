using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests.Pipeline;

/// <summary>
/// Touchpoint rows are built behind the taking thread (<see cref="ChunkBuilder"/>): every row once, in its chunk in the
/// order taken, over many segments and seals; and a row that fails to build fails the batch, not silently.
/// </summary>
public sealed class ChunkBuilderTests
{
    private static readonly CapturedResolutions Unresolved = CapturedResolutions.None;

    [Fact]
    public async Task CommitAsync_RowsOverManySegmentsAndChunks_EachSourceFileInTakeOrderAndEveryRowOnce()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], new GeneratorOptions { Accounts = 40, Events = 9_000, Seed = 11, Days = 60 });
        var context = LakeBuilder.Context(dir["lake"]);
        var ingestor = await LakeIngestor.OpenAsync(context, new IdentityRules(), new IngestOptions { EncodeChunkRows = 1_024 },
            WriterIdentity.New(), NullLogger.Instance, null, CancellationToken.None);
        var accepted = 0;
        foreach (var (line, n) in File.ReadLines(dir["data/events.ndjson"]).Select((l, i) => (l, i + 1)))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            accepted += ingestor.Offer(bytes, bytes.Length, SourcePosition.InFile("events", n)) == LineOutcome.Accepted ? 1 : 0;
        }

        // One commit, no compaction: a file per source, its sealed chunks' row groups one after the other, as built.
        await ingestor.CommitAsync([], [], CancellationToken.None, Maintenance.CheckpointWhenDue);

        using var duck = new DuckLake(dir["lake"]);
        var rows = duck.Rows(
            $"SELECT source, filename, file_row_number, CAST(split_part(source_position, ':', -1) AS BIGINT) FROM read_parquet({duck.FileList(TableNames.Touchpoints)}, hive_partitioning = true, filename = true, file_row_number = true)")
            .Select(r => (Source: (string)r[0]!, File: (string)r[1]!, Row: (long)r[2]!, Line: (long)r[3]!)).ToList();
        Assert.Equal(accepted, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Line).Distinct().Count());
        var files = rows.GroupBy(r => r.File).Select(f => f.OrderBy(r => r.Row).ToList()).ToList();
        Assert.Equal(rows.Select(r => r.Source).Distinct().Count(), files.Count);
        var rowGroups = duck.Scalar<long>(
            $"SELECT count(DISTINCT (file_name, row_group_id)) FROM parquet_metadata({duck.FileList(TableNames.Touchpoints)})");
        Assert.True(rowGroups > 2 * files.Count, $"{rowGroups} row groups in {files.Count} files: the test wants several chunks per source");
        foreach (var file in files)
        {
            Assert.Single(file.Select(r => r.Source).Distinct());
            // Over all its chunks: they were joined in the order sealed.
            Assert.True(file.Zip(file.Skip(1)).All(p => p.First.Line < p.Second.Line), $"{file[0].File}: rows not in the order taken");
        }
    }

    [Fact]
    public async Task EndBatch_ARowFailedToBuild_FailsAndSoDoesEveryLaterStep()
    {
        var engine = new IdentityEngine(new IdentityRules());
        var intake = new EventIntake(new EventParser(), engine.Normalizer);
        var read = intake.Read("""{"event_id":"w-1","source":"web","type":"page_viewed","occurred_at":"2026-11-20T10:16:00Z","identifiers":{"anonymous_id":"ck-1"}}"""u8);
        var builder = new ChunkBuilder(vault: null);

        // No identifier keys: the row cannot be built (a bug, not bad input, which the check rejected before).
        builder.Add(read.Event!, null!, signature: 0, SourcePosition.InFile("events", 1), txn: 1);

        await Assert.ThrowsAsync<NullReferenceException>(() => builder.EndBatch(Unresolved, DateTime.UnixEpoch));
        // The failure stays: a later step fails with it, on the taking thread or in its task.
        var later = Record.Exception(() =>
        {
            builder.Add(read.Event!, read.Keys!, signature: 0, SourcePosition.InFile("events", 2), txn: 1);
            builder.EndBatch(Unresolved, DateTime.UnixEpoch).GetAwaiter().GetResult();
        });
        Assert.IsType<NullReferenceException>(later);
    }
}
