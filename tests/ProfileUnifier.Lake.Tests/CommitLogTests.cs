using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests;

public sealed class CommitLogTests
{
    [Fact]
    public void TryAppend_SameTransactionTwice_SecondWriterIsFenced()
    {
        using var root = new TempFolder();
        var log = new CommitLog(root.Path);

        Assert.True(log.TryAppend(Entry(1, "writer-a")));
        Assert.False(log.TryAppend(Entry(1, "writer-b")));

        Assert.Equal("writer-a", Assert.Single(log.ReadAll()).Writer);
        Assert.Empty(Directory.GetFiles(log.Folder, ".tmp-*"));
    }

    [Fact]
    public void TryAppend_ManyWritersRacingForOneNumber_ExactlyOneWins()
    {
        using var root = new TempFolder();
        var log = new CommitLog(root.Path);

        var winners = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(8)
            .Count(i => log.TryAppend(Entry(7, $"writer-{i}")));

        Assert.Equal(1, winners);
        Assert.Single(log.ReadAll());
    }

    [Fact]
    public void ReadAll_EntriesInTransactionOrder()
    {
        using var root = new TempFolder();
        var log = new CommitLog(root.Path);
        foreach (var txn in new long[] { 3, 1, 2, 10 })
        {
            log.TryAppend(Entry(txn));
        }

        Assert.Equal([1L, 2, 3, 10], log.ReadAll().Select(e => e.Txn));
    }

    [Fact]
    public void ReadAll_UnreadableEntry_SaysWhichFile()
    {
        using var root = new TempFolder();
        var log = new CommitLog(root.Path);
        log.TryAppend(Entry(1));
        File.WriteAllText(Path.Combine(log.Folder, CommitLog.EntryName(2)), "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => log.ReadAll());

        Assert.Contains(CommitLog.EntryName(2), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_EntryUnderTheWrongNumber_IsRefused()
    {
        using var root = new TempFolder();
        var log = new CommitLog(root.Path);
        log.TryAppend(Entry(1));
        File.Move(Path.Combine(log.Folder, CommitLog.EntryName(1)), Path.Combine(log.Folder, CommitLog.EntryName(5)));

        Assert.Throws<InvalidDataException>(() => log.ReadAll());
    }

    [Fact]
    public void LakeState_FoldsPositionsAndCounts()
    {
        var state = new LakeState();
        state.Apply(Entry(1) with
        {
            Inputs = [new InputPosition("abc", "/a.ndjson", 100, false)],
            Kafka = [new KafkaPosition("events.web", 0, 10)],
            Counts = new CommitCounts(100, 90, 5, 5),
        });
        state.Apply(Entry(2) with
        {
            Inputs = [new InputPosition("abc", "/a.ndjson", 250, true)],
            Kafka = [new KafkaPosition("events.web", 0, 42), new KafkaPosition("events.crm", 3, 7)],
            Counts = new CommitCounts(150, 150, 0, 0),
        });

        Assert.Equal(2, state.LastTxn);
        Assert.Equal(new InputPosition("abc", "/a.ndjson", 250, true), state.Inputs["abc"]);
        Assert.Equal(42, state.KafkaOffsets[("events.web", 0)]);
        Assert.Equal(7, state.KafkaOffsets[("events.crm", 3)]);
        Assert.Equal(new CommitCounts(250, 240, 5, 5), state.Totals);
        Assert.Throws<InvalidDataException>(() => state.Apply(Entry(2)));
    }

    private static CommitEntry Entry(long txn, string writer = "test") =>
        new() { Txn = txn, Writer = writer, CommittedAt = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc) };
}
