using ProfileUnifier.Ingestion.Erasure;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests.Erasure;

/// <summary>
/// forget (issue 15, item 2): the person is gone from every table and from every file on disk, the audit says what went and
/// not who, and a replay of their events is suppressed — counted, never back in the lake.
/// </summary>
public sealed class ForgetTests
{
    private static readonly GeneratorOptions Data = new() { Accounts = 30, Events = 6_000, Days = 60, Seed = 15 };

    [Fact]
    public async Task ForgetAsync_PersonByEmail_GoneFromEveryTableAndEveryFileOnDisk()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], maxRowsPerCommit: 1_500, privacy: LakeBuilder.Key());
        var person = Subject.MostActive(dir["lake"]);
        var rowsBefore = Counts(dir["lake"]);
        // The search finds what it looks for: the person is on disk in many places before.
        Assert.True(person.Events > 10 && person.Identifiers.Count > 1, $"{person.Events} events, {person.Identifiers.Count} identifiers");
        Assert.True(LakeDisk.FindAnywhere(dir["lake"], [.. person.Identifiers]).Count > person.Identifiers.Count);

        var record = await LakeBuilder.ForgetAsync(dir["lake"], ErasureKey.Email, person.Email.ToUpperInvariant());

        Assert.Equal(person.Events, record.Rows[TableNames.Touchpoints]);
        Assert.Empty(LakeDisk.FindAnywhere(dir["lake"], [.. person.Identifiers, person.ProfileId]));
        var after = Counts(dir["lake"]);
        Assert.Equal(rowsBefore.Touchpoints - person.Events, after.Touchpoints);
        Assert.Equal(rowsBefore.Rejected, after.Rejected);
        Assert.Equal(rowsBefore.Profiles - 1, after.Profiles);
        using var duck = new DuckLake(dir["lake"]);
        var audit = Assert.Single(duck.Rows($"SELECT found_by, reason, events_erased, identifiers_suppressed, requested_by FROM {duck.Table(TableNames.Erasures)}"));
        Assert.Equal(["email", "ticket-1", person.Events, (int)person.Identifiers.Count, "test"], audit);
        var progress = LakeProgress.Of((await LakeReader.ReadAsync(dir["lake"], CancellationToken.None))[TableNames.Touchpoints]!);
        Assert.Equal(generated.Events - person.Events, progress.Totals.Accepted - progress.Erased);
        Assert.True(progress.Totals.IsReconciled);
    }

    /// <summary>After rank: alerts name people (<c>profile_id</c>), so forget rewrites that table too instead of refusing.</summary>
    [Fact]
    public async Task ForgetAsync_RankedLake_RankTablesRewrittenAndPersonGoneFromDisk()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
        await LakeBuilder.RankAsync(dir["lake"]);
        var person = Subject.MostActive(dir["lake"]);

        var record = await LakeBuilder.ForgetAsync(dir["lake"], ErasureKey.Email, person.Email);

        Assert.Equal(person.Events, record.Rows[TableNames.Touchpoints]);
        Assert.Empty(LakeDisk.FindAnywhere(dir["lake"], [.. person.Identifiers, person.ProfileId]));
        using var duck = new DuckLake(dir["lake"]);
        Assert.True(duck.Count(TableNames.Rankings) > 0);
    }

    /// <summary>Old events replayed (a backfill, a Kafka topic read again): the person stays out, every line still reconciles.</summary>
    [Fact]
    public async Task IngestAsync_ReplayOfAnErasedPersonsEvents_SuppressedAndCounted()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
        var person = Subject.MostActive(dir["lake"]);
        var theirs = person.LinesIn(dir["data/events.ndjson"]);
        await LakeBuilder.ForgetAsync(dir["lake"], ErasureKey.Email, person.Email);
        File.WriteAllLines(dir["replay/theirs.ndjson"].Also(dir["replay"]), theirs);

        var replay = await LakeBuilder.IngestAsync(dir["lake"], [dir["replay"]], privacy: LakeBuilder.Key());

        Assert.True(replay.IsReconciled);
        Assert.Equal(0, replay.Accepted);
        Assert.True(replay.Suppressed >= person.Events, $"{replay.Suppressed} suppressed of {theirs.Count} lines");
        Assert.Empty(LakeDisk.FindAnywhere(dir["lake"], [.. person.Identifiers]));
    }

    [Fact]
    public async Task IngestAsync_LakeWithErasuresAndNoKey_RefusedInOneSentence()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
        await LakeBuilder.ForgetAsync(dir["lake"], ErasureKey.Email, Subject.MostActive(dir["lake"]).Email);

        var noKey = await Assert.ThrowsAsync<LakePrivacyException>(() => LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]]));
        var otherKey = await Assert.ThrowsAsync<LakePrivacyException>(() => LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]],
            privacy: new PrivacyOptions { Key = new string('x', 40) }));

        Assert.Contains("PROFILEUNIFIER_Privacy__Key", noKey.Message, StringComparison.Ordinal);
        Assert.Contains("not the one the lake", otherKey.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A crash at disk operations spread over a whole forget; then the next opening of the lake for writing (a plain ingest of
    /// nothing new) finishes it: the person is gone everywhere, nothing else is lost.
    /// </summary>
    [Fact]
    public async Task ForgetAsync_CrashAnywhere_NextWriterFinishesTheErasure()
    {
        using var dir = new TempFolder();
        var generated = Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["template"], [dir["data/events.ndjson"]], maxRowsPerCommit: 1_500, privacy: LakeBuilder.Key());
        var person = Subject.MostActive(dir["template"]);
        var counting = new FaultInjectingFileSystem();
        CopyFolder(dir["template"], dir["clean"]);
        await LakeBuilder.ForgetAsync(dir["clean"], ErasureKey.Email, person.Email, fs: counting);
        var clean = Counts(dir["clean"]);

        // The lease's heartbeat runs on a timer, so a slower run does more disk operations: crash only within the ones every run does.
        var always = counting.Operations - counting.Log.Count(op => op.Contains("/_lease/.hb-", StringComparison.Ordinal) ||
            op.EndsWith("/_lease/heartbeat.json", StringComparison.Ordinal));
        foreach (var crashAt in Enumerable.Range(0, 8).Select(i => 1 + (i * (always - 1) / 7)))
        {
            var lake = dir[$"lake-{crashAt}"];
            CopyFolder(dir["template"], lake);
            await Assert.ThrowsAsync<SimulatedCrashException>(() =>
                LakeBuilder.ForgetAsync(lake, ErasureKey.Email, person.Email, fs: new FaultInjectingFileSystem { FailAt = crashAt }));
            try
            {
                await LakeBuilder.ForgetAsync(lake, ErasureKey.Email, person.Email);
            }
            catch (PersonNotFoundException)
            {
                // The crash came after the commit point: the person was gone already, and this open finished the rest.
            }

            Assert.Equal(clean, Counts(lake));
            Assert.Empty(LakeDisk.FindAnywhere(lake, [.. person.Identifiers, person.ProfileId]));
            var rerun = await LakeBuilder.IngestAsync(lake, [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
            Assert.Equal(0, rerun.Lines);
        }

        Assert.True(generated.Events > clean.Touchpoints);
    }

    private static (long Touchpoints, long Rejected, long Profiles, long Identities, long Audit) Counts(string lake)
    {
        using var duck = new DuckLake(lake);
        return (duck.Count(TableNames.Touchpoints), duck.Count(TableNames.Rejected), duck.Count(TableNames.Profiles), duck.Count(TableNames.Identities),
            duck.Count(TableNames.Erasures));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
