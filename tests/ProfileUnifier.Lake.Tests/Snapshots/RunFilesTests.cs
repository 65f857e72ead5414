using ProfileUnifier.Core.Events;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Lake.Tests.Snapshots;

/// <summary>
/// The identity state's sorted runs: each checkpoint writes what came since the last as a run, runs are merged two at a
/// time while of a size, and a run no kept checkpoint lists goes.
/// </summary>
public sealed class RunFilesTests
{
    [Fact]
    public async Task AppendAsync_ManyCheckpoints_FewRunsHoldingEveryRecordOnce()
    {
        using var root = new TempFolder();
        var files = IdRuns(root.Path);
        var random = new Random(7);
        var all = new SortedSet<UInt128>();
        IReadOnlyList<MappedRun<UInt128>> runs = [];
        for (var checkpoint = 0; checkpoint < 60; checkpoint++)
        {
            var fresh = Enumerable.Range(0, random.Next(0, 2_000)).Select(_ => Random128(random)).Where(all.Add).Order().ToArray();
            runs = await files.AppendAsync(runs, [fresh], CancellationToken.None);

            // Sizes at least halve from one run to the next: O(log n) of them.
            Assert.True(runs.Count <= Math.Log2(Math.Max(2, all.Count)) + 1, $"{runs.Count} runs for {all.Count} records");
        }

        Assert.Equal(all, RedeliveryFilter.Merge([.. runs.Select(r => (ReadOnlyMemory<UInt128>)r.Memory)]));
        Assert.Equal(all.Count, runs.Sum(r => r.Length));
        Assert.All(runs, r => Assert.True(r.Memory.Span.SequenceEqual(r.Memory.Span.ToArray().Order().ToArray())));
    }

    [Fact]
    public async Task AppendAsync_SeveralFreshRuns_WrittenAsOneSortedRun()
    {
        using var root = new TempFolder();
        var files = IdRuns(root.Path);
        UInt128[] first = [2, 7, 30], second = [1, 9], empty = [];

        var written = await files.AppendAsync([], [first, empty, second], CancellationToken.None);

        Assert.Equal([1, 2, 7, 9, 30], Assert.Single(written).Memory.ToArray());
    }

    [Fact]
    public async Task AppendAsync_OnlyEmptyFreshRuns_NoRunWritten()
    {
        using var root = new TempFolder();
        var files = IdRuns(root.Path);

        var written = await files.AppendAsync([], [Array.Empty<UInt128>(), Array.Empty<UInt128>()], CancellationToken.None);

        Assert.Empty(written);
        Assert.Empty(Directory.GetFiles(root.Path, "*.run"));
    }

    [Fact]
    public async Task Open_ListedRuns_MappedAsWritten()
    {
        using var root = new TempFolder();
        var files = IdRuns(root.Path);
        UInt128[] records = [1, 5, UInt128.MaxValue];
        var written = await files.AppendAsync([], [records], CancellationToken.None);

        var opened = files.Open([written[0].Name, "orders-elsewhere.run"]);

        Assert.Equal(records, Assert.Single(opened).Memory.ToArray());
    }

    [Fact]
    public async Task Open_NotARun_Refused()
    {
        using var root = new TempFolder();
        var files = IdRuns(root.Path);
        var written = await files.AppendAsync([], [new UInt128[] { 1, 2 }], CancellationToken.None);
        var path = Path.Combine(root.Path, written[0].Name);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^3]);

        Assert.Throws<InvalidDataException>(() => files.Open([written[0].Name]));
    }

    [Fact]
    public async Task SaveAsync_RunsNoKeptCheckpointLists_Deleted()
    {
        using var root = new TempFolder();
        var checkpoints = new IdentityCheckpoints(root.Path, LocalFileSystem.Instance);
        var files = IdRuns(checkpoints.Folder);
        var orphan = (await files.AppendAsync([], [new UInt128[] { 9 }], CancellationToken.None))[0].Name;
        IReadOnlyList<MappedRun<UInt128>> runs = [];
        var listed = new List<IReadOnlyList<string>>();
        for (var batch = 1; batch <= 4; batch++)
        {
            // Same-sized runs: each checkpoint's run is merged with the last, so earlier runs are replaced.
            runs = await files.AppendAsync(runs, [new[] { (UInt128)(batch * 10) }], CancellationToken.None);
            listed.Add([.. runs.Select(r => r.Name)]);
            await checkpoints.SaveAsync(batch, "rules", listed[^1], _ => { }, CancellationToken.None);
        }

        // Two checkpoints are kept (batches 3 and 4): their runs stay, every other run is gone.
        var kept = listed[^2].Concat(listed[^1]).ToHashSet();
        Assert.Equal(kept.Order(), Directory.GetFiles(checkpoints.Folder, "*.run").Select(Path.GetFileName).Order());
        Assert.DoesNotContain(orphan, kept);
        Assert.Equal([4L, 3L], checkpoints.Batches());
    }

    [Fact]
    public async Task Load_ListedRunMissing_FallsBackToTheOlderCheckpoint()
    {
        using var root = new TempFolder();
        var checkpoints = new IdentityCheckpoints(root.Path, LocalFileSystem.Instance);
        var files = IdRuns(checkpoints.Folder);
        var older = await files.AppendAsync([], [new UInt128[] { 1, 2, 3, 4 }], CancellationToken.None);
        await checkpoints.SaveAsync(1, "rules", [older[0].Name], w => w.Write("one"), CancellationToken.None);
        var newer = await files.AppendAsync(older, [new UInt128[] { 5 }], CancellationToken.None);
        await checkpoints.SaveAsync(2, "rules", [.. newer.Select(r => r.Name)], w => w.Write("two"), CancellationToken.None);
        File.Delete(Path.Combine(checkpoints.Folder, newer[^1].Name));
        var skipped = new List<string>();

        var loaded = checkpoints.Load(2, "rules", (reader, runs) => (reader.ReadString(), files.Open(runs).Sum(r => r.Length)), skipped.Add);

        Assert.Equal((1L, ("one", 4)), loaded);
        Assert.Contains(skipped, s => s.Contains("unreadable", StringComparison.Ordinal));
    }

    private static RunFiles<UInt128> IdRuns(string folder) => new(LocalFileSystem.Instance, folder, "ids", RedeliveryFilter.Merge);

    private static UInt128 Random128(Random random) => new((ulong)random.NextInt64(), (ulong)random.NextInt64());
}
