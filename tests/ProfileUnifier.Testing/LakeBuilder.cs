using Microsoft.Extensions.Logging.Abstractions;
using ProfileUnifier.Analytics;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Analytics.Ranking;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Ingestion.Erasure;
using ProfileUnifier.Ingestion.Files;
using ProfileUnifier.Ingestion.Pipeline;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Storage;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Testing;

/// <summary>Runs `ingest` in-process, as a fresh process would: open the lake, load the identity state, read files.</summary>
public static class LakeBuilder
{
    public static LakeContext Context(string lake, ILakeFileSystem? fs = null, LakeOptions? options = null, TimeProvider? clock = null)
    {
        var root = Path.GetFullPath(lake);
        Directory.CreateDirectory(root);
        return new LakeContext(root, fs ?? LocalFileSystem.Instance, options ?? new LakeOptions { Root = root }, clock ?? TimeProvider.System);
    }

    /// <summary>A privacy key for tests (the settings validator wants at least 32 bytes).</summary>
    public static PrivacyOptions Key() => new() { Key = "test-key-0123456789abcdef0123456789abcdef" };

    public static async Task<IngestSummary> IngestAsync(string lake, IEnumerable<string> inputs, int maxRowsPerCommit = 1_000_000,
        ILakeFileSystem? fs = null, IdentityRules? rules = null, LakeOptions? options = null, PrivacyOptions? privacy = null,
        IngestOptions? ingest = null, IProgress<IngestProgress>? progress = null)
    {
        options ??= new LakeOptions { Root = lake, MaxRowsPerCommit = maxRowsPerCommit };
        var context = Context(lake, fs, options);
        ingest ??= new IngestOptions();
        var ingestor = await LakeIngestor.OpenAsync(context, rules ?? new IdentityRules(), ingest, WriterIdentity.New(), NullLogger.Instance, null,
            CancellationToken.None, privacy: privacy);
        var job = new FileIngestJob(ingestor, maxRowsPerCommit, ingest.MaxLineBytes, NullLogger.Instance);
        return await job.RunAsync(InputDiscovery.Find(inputs), progress, CancellationToken.None);
    }

    /// <summary>
    /// Commits the lines of <paramref name="file"/> every <paramref name="rowsPerCommit"/> pending rows with no housekeeping
    /// after (no compaction, unlike an ingest's end): small files in every batch table.
    /// </summary>
    public static async Task<LakeContext> SmallCommitsAsync(string lake, string file, int rowsPerCommit)
    {
        var context = Context(lake);
        var ingestor = await LakeIngestor.OpenAsync(context, new IdentityRules(), new IngestOptions(), WriterIdentity.New(), NullLogger.Instance,
            null, CancellationToken.None);
        foreach (var (line, n) in File.ReadLines(file).Select((l, i) => (l, i)))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            ingestor.Offer(bytes, bytes.Length, SourcePosition.InFile("events", n));
            if (ingestor.Pending >= rowsPerCommit)
            {
                await ingestor.CommitAsync([], [], CancellationToken.None);
            }
        }

        await ingestor.CommitAsync([], [], CancellationToken.None);
        return context;
    }

    /// <summary>Runs `forget` in-process, as a fresh process would (the lake's own tables only).</summary>
    public static Task<ErasureRecord> ForgetAsync(string lake, ErasureKey key, string value, PrivacyOptions? privacy = null, ILakeFileSystem? fs = null) =>
        new ForgetJob(Context(lake, fs), new IdentityRules(), new IngestOptions(), privacy ?? Key(), NullLogger.Instance)
            .RunAsync(new ErasureRequest(key, value, "test", "ticket-1"), t => TableBuffers.For(t) ?? RankTables.BufferFor(t), TimeSpan.FromSeconds(30), null, CancellationToken.None);

    /// <summary>Runs `rank` in-process with the default settings (or the given ones).</summary>
    public static async Task<RankingResult> RankAsync(string lake, DateOnly? asOf = null, AnalyticsOptions? options = null) =>
        (await RankOutcomeAsync(lake, asOf, options)).Ranking;

    /// <summary>Runs `rank` in-process and returns everything it wrote.</summary>
    public static Task<RankOutcome> RankOutcomeAsync(string lake, DateOnly? asOf = null, AnalyticsOptions? options = null) =>
        new RankJob(options ?? new AnalyticsOptions(), Context(lake)).RunAsync(asOf, CancellationToken.None);
}
