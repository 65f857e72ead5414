using System.Text;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Ingestion.Erasure;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Snapshots;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using ProfileUnifier.Query.Profiles;
using ProfileUnifier.Synthetic;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Ingestion.Tests.Erasure;

/// <summary>
/// Privacy:Pseudonymise (issue 15, item 3): the BI tables hold tokens, the clear values only the restricted table; the
/// identity results are the ones a clear lake gets, across restarts and replays; lookups by a clear identifier still work;
/// forget takes the person out of the restricted table too.
/// </summary>
public sealed class PseudonymisationTests
{
    private static readonly GeneratorOptions Data = new() { Accounts = 30, Events = 6_000, Days = 60, Seed = 16, MalformedRate = 0.02 };

    private static PrivacyOptions Pseudonymised => new() { Key = LakeBuilder.Key().Key, Pseudonymise = true };

    private static Pseudonymizer Hasher => new(Encoding.UTF8.GetBytes(LakeBuilder.Key().Key!));

    [Fact]
    public async Task IngestAsync_Pseudonymised_SameProfilesAndAccountsAsAClearLake()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["clear"], [dir["data/events.ndjson"]], maxRowsPerCommit: 1_000, privacy: LakeBuilder.Key());

        await LakeBuilder.IngestAsync(dir["pseudo"], [dir["data/events.ndjson"]], maxRowsPerCommit: 1_000, privacy: Pseudonymised);

        AssertSameResolution(dir["clear"], dir["pseudo"]);
    }

    /// <summary>
    /// Two runs, the second started without an identity checkpoint: the engine is rebuilt from the pseudonymised touchpoints
    /// through the restricted table, and ends where a clear lake given the same two runs (with its checkpoint) ends.
    /// </summary>
    [Fact]
    public async Task IngestAsync_PseudonymisedRestartReplayedFromTouchpoints_SameAsClearLake()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        var lines = File.ReadAllLines(dir["data/events.ndjson"]);
        File.WriteAllLines(dir["parts/a.ndjson"].Also(dir["parts"]), lines[..(lines.Length / 2)]);
        File.WriteAllLines(dir["parts/b.ndjson"], lines[(lines.Length / 2)..]);
        await LakeBuilder.IngestAsync(dir["clear"], [dir["parts/a.ndjson"]], maxRowsPerCommit: 700, privacy: LakeBuilder.Key());
        await LakeBuilder.IngestAsync(dir["clear"], [dir["parts"]], maxRowsPerCommit: 700, privacy: LakeBuilder.Key());

        await LakeBuilder.IngestAsync(dir["pseudo"], [dir["parts/a.ndjson"]], maxRowsPerCommit: 700, privacy: Pseudonymised);
        Directory.Delete(Path.Combine(dir["pseudo"], IdentityCheckpoints.FolderName), recursive: true);
        await LakeBuilder.IngestAsync(dir["pseudo"], [dir["parts"]], maxRowsPerCommit: 700, privacy: Pseudonymised);

        AssertSameResolution(dir["clear"], dir["pseudo"]);
    }

    /// <summary>
    /// A crash at disk operations spread over a pseudonymised ingest (between the restricted table's write-ahead and the batch
    /// commit among them), then a rerun: the lake ends where a clear lake read once ends.
    /// </summary>
    [Fact]
    public async Task IngestAsync_PseudonymisedCrashAnywhereThenRerun_SameAsClearLake()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data with { Events = 2_000 });
        await LakeBuilder.IngestAsync(dir["clear"], [dir["data/events.ndjson"]], maxRowsPerCommit: 500, privacy: LakeBuilder.Key());
        var counting = new FaultInjectingFileSystem();
        await LakeBuilder.IngestAsync(dir["counted"], [dir["data/events.ndjson"]], maxRowsPerCommit: 500, fs: counting, privacy: Pseudonymised);

        foreach (var crashAt in Enumerable.Range(0, 6).Select(i => 1 + (i * (counting.Operations - 1) / 5)))
        {
            var lake = dir[$"lake-{crashAt}"];
            await Assert.ThrowsAsync<SimulatedCrashException>(() => LakeBuilder.IngestAsync(lake, [dir["data/events.ndjson"]], maxRowsPerCommit: 500,
                fs: new FaultInjectingFileSystem { FailAt = crashAt }, privacy: Pseudonymised));
            await LakeBuilder.IngestAsync(lake, [dir["data/events.ndjson"]], maxRowsPerCommit: 500, privacy: Pseudonymised);

            AssertSameResolution(dir["clear"], lake);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task IngestAsync_Pseudonymised_NoClearIdentifierInAnyFileOfAnyBiTable()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["clear"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
        await LakeBuilder.IngestAsync(dir["pseudo"], [dir["data/events.ndjson"]], maxRowsPerCommit: 1_000, privacy: Pseudonymised);
        var clear = ClearValues(dir["clear"]);

        var leaks = new List<string>();
        using var duck = new DuckLake(dir["pseudo"]);
        foreach (var table in Directory.EnumerateDirectories(dir["pseudo"]).Select(Path.GetFileName).Where(n => !n!.StartsWith('_')))
        {
            foreach (var file in duck.LiveFiles(table!))
            {
                leaks.AddRange(Find(duck, file, clear).Select(l => $"{table}/{l}"));
            }
        }

        // The search finds what it looks for: the restricted table holds them, and the clear lake's files do too.
        Assert.True(clear.Count > 100, $"{clear.Count} clear values");
        Assert.NotEmpty(duck.LiveFiles(TableNames.Touchpoints));
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(20)));
        Assert.NotEmpty(duck.LiveFiles(IdentifierVault.TableName).SelectMany(f => Find(duck, f, clear)));
        using var clearDuck = new DuckLake(dir["clear"]);
        Assert.NotEmpty(clearDuck.LiveFiles(TableNames.Touchpoints).SelectMany(f => Find(clearDuck, f, clear)));
        // Only the service's user opens the restricted folder; readers of the lake (query, the console) do not list it.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.Combine(dir["pseudo"], IdentifierVault.FolderName)));
        using var database = LakeDatabase.Open(dir["pseudo"]);
        Assert.ThrowsAny<Exception>(() => database.Rows("SELECT * FROM identifiers"));
    }

    [Fact]
    public async Task ProfileFinder_PseudonymisedLakeAndAClearEmail_FindsThePerson()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["clear"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
        await LakeBuilder.IngestAsync(dir["pseudo"], [dir["data/events.ndjson"]], privacy: Pseudonymised);
        var person = Subject.MostActive(dir["clear"]);
        var normalizer = new IdentifierNormalizer(new IdentityRules());

        using var database = LakeDatabase.Open(dir["pseudo"]);
        var card = (ProfileCard)new ProfileFinder(database, normalizer, Hasher).Find(new Lookup(LookupKind.Email, person.Email.ToUpperInvariant()), 3);
        using var unkeyed = LakeDatabase.Open(dir["pseudo"]);

        Assert.Equal(PseudonymisedSubject(dir["pseudo"], person.Email).ProfileId, card.Profile["profile_id"]);
        Assert.NotEqual(person.ProfileId, card.Profile["profile_id"]);
        Assert.Contains(Hasher.Pseudonym(IdentifierKind.Email, person.Email), ((IEnumerable<object?>)card.Profile["emails"]!).Cast<string>());
        Assert.Throws<NotFoundException>(() => new ProfileFinder(unkeyed, normalizer).Find(new Lookup(LookupKind.Email, person.Email), 3));
    }

    [Fact]
    public async Task ForgetAsync_PseudonymisedLake_PersonGoneFromTheRestrictedTableAndEveryFile()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data);
        await LakeBuilder.IngestAsync(dir["clear"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());
        await LakeBuilder.IngestAsync(dir["pseudo"], [dir["data/events.ndjson"]], maxRowsPerCommit: 1_500, privacy: Pseudonymised);
        var person = Subject.MostActive(dir["clear"]);
        var (profileId, tokens) = PseudonymisedSubject(dir["pseudo"], person.Email);
        using (var before = new DuckLake(dir["pseudo"]))
        {
            Assert.NotEmpty(before.LiveFiles(IdentifierVault.TableName).SelectMany(f => Find(before, f, [.. person.Identifiers])));
        }

        var record = await LakeBuilder.ForgetAsync(dir["pseudo"], ErasureKey.Email, person.Email, Pseudonymised);

        Assert.Equal(person.Events, record.Rows[TableNames.Touchpoints]);
        Assert.True(tokens.Count == person.Identifiers.Count, $"{tokens.Count} tokens for {person.Identifiers.Count} identifiers");
        var left = LakeDisk.FindAnywhere(dir["pseudo"], [.. person.Identifiers, .. tokens, profileId]);
        Assert.True(left.Count == 0, string.Join("\n", left.Take(10)));
        using var duck = new DuckLake(dir["pseudo"]);
        Assert.True(duck.Count(IdentifierVault.TableName) > 100);
        // The lake still replays: the next writer rebuilds the engine from it without the checkpoint.
        Directory.Delete(Path.Combine(dir["pseudo"], IdentityCheckpoints.FolderName), recursive: true);
        var rerun = await LakeBuilder.IngestAsync(dir["pseudo"], [dir["data/events.ndjson"]], privacy: Pseudonymised);
        Assert.Equal(0, rerun.Accepted);
    }

    [Fact]
    public async Task IngestAsync_ClearLakeThenPseudonymise_RefusedInOneSentence()
    {
        using var dir = new TempFolder();
        Datasets.Write(dir["data"], Data with { Events = 200 });
        await LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], privacy: LakeBuilder.Key());

        var refused = await Assert.ThrowsAsync<LakePrivacyException>(() =>
            LakeBuilder.IngestAsync(dir["lake"], [dir["data/events.ndjson"]], privacy: Pseudonymised));

        Assert.Contains("holds identifiers in clear", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same resolution in both lakes: every event on the same account and, up to the ids (keyed in a pseudonymised lake), in
    /// the same profile — the profile ids of the two lakes pair one to one over the events; the same profiles, accounts,
    /// employments and merges.
    /// </summary>
    private static void AssertSameResolution(string clear, string pseudonymised)
    {
        using var a = new DuckLake(clear);
        using var b = new DuckLake(pseudonymised);
        string Events(DuckLake duck) =>
            $"(SELECT t.event_id, s.profile_id, s.account_id FROM {duck.Table(TableNames.Touchpoints)} t JOIN {duck.Table(TableNames.Signatures)} s USING (signature_id))";
        var paired = a.Rows($"""
            SELECT count(*), count(DISTINCT c.profile_id), count(DISTINCT p.profile_id), count(DISTINCT (c.profile_id, p.profile_id)) FILTER (WHERE c.profile_id IS NOT NULL),
                   count(*) FILTER (WHERE c.account_id IS DISTINCT FROM p.account_id OR (c.profile_id IS NULL) <> (p.profile_id IS NULL)),
                   (SELECT count(*) FROM {Events(a)}), (SELECT count(*) FROM {Events(b)})
            FROM {Events(a)} c JOIN {Events(b)} p USING (event_id)
            """)[0].Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(paired[0] > 0);
        Assert.Equal([paired[0], paired[1], paired[1], paired[1], 0, paired[0], paired[0]], paired);

        string[] queries =
        [
            "SELECT account_id, events, first_seen, last_seen, len(emails), len(phones) FROM {profiles} ORDER BY ALL",
            "SELECT account_id, name, inn, domain, contacts, events FROM {accounts} ORDER BY ALL",
            "SELECT account_id, valid_from, valid_to FROM {employments} ORDER BY ALL",
            "SELECT kind, level, CASE WHEN level = 'account' THEN from_id END, CASE WHEN level = 'account' THEN into_id END, event_id FROM {merges} ORDER BY ALL",
        ];
        foreach (var query in queries)
        {
            var left = a.Rows(Sql(a, query));
            var right = b.Rows(Sql(b, query));
            Assert.True(left.Count > 0, query);
            Assert.Equal(left.Count, right.Count);
            for (var i = 0; i < left.Count; i++)
            {
                Assert.Equal(left[i], right[i]);
            }
        }

        static string Sql(DuckLake duck, string query) => query
            .Replace("{profiles}", duck.Table(TableNames.Profiles), StringComparison.Ordinal)
            .Replace("{accounts}", duck.Table(TableNames.Accounts), StringComparison.Ordinal)
            .Replace("{employments}", duck.Table(TableNames.Employments), StringComparison.Ordinal)
            .Replace("{merges}", duck.Table(TableNames.Merges), StringComparison.Ordinal);
    }

    /// <summary>A person of a pseudonymised lake found by the token of their email: their profile id and their own identifiers' tokens.</summary>
    private static (string ProfileId, List<string> Tokens) PseudonymisedSubject(string lake, string email)
    {
        using var duck = new DuckLake(lake);
        var id = (string)duck.Rows($"SELECT profile_id FROM {duck.Table(TableNames.Identities)} WHERE identifier_value = '{Hasher.Pseudonym(IdentifierKind.Email, email)}'")[0][0]!;
        var tokens = duck.Rows($"SELECT identifier_value FROM {duck.Table(TableNames.Identities)} WHERE profile_id = '{id}' AND level = 'person' AND NOT is_shared")
            .Select(r => (string)r[0]!).ToList();
        return (id, tokens);
    }

    /// <summary>
    /// A clear lake's personal identifiers, people's names, and its profile and signature ids (unkeyed hashes of identifiers: a
    /// pseudonymised lake's are keyed). No company identifier: those stay in clear.
    /// </summary>
    private static HashSet<string> ClearValues(string lake)
    {
        using var duck = new DuckLake(lake);
        var values = duck.Rows($"""
            SELECT identifier_value FROM {duck.Table(TableNames.Identities)}
            WHERE identifier_type NOT IN ('crm_account_id', 'inn', 'domain')
            UNION SELECT first_name FROM {duck.Table(TableNames.Profiles)} WHERE first_name IS NOT NULL
            UNION SELECT last_name FROM {duck.Table(TableNames.Profiles)} WHERE last_name IS NOT NULL
            UNION SELECT profile_id FROM {duck.Table(TableNames.Profiles)}
            UNION SELECT signature_id FROM {duck.Table(TableNames.Signatures)}
            """);
        return values.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Rows of a Parquet file that hold one of the values, whole or inside a longer text (a rejected line, a merge's reason),
    /// between characters that are not letters or digits: a name inside a company's domain ("Olga" in volga-3.ru) is not one.
    /// </summary>
    private static List<string> Find(DuckLake duck, string file, IReadOnlyCollection<string> values)
    {
        var found = new List<string>();
        var literal = "'" + file.Replace("'", "''", StringComparison.Ordinal) + "'";
        foreach (var row in duck.Rows($"SELECT CAST(t AS VARCHAR) FROM read_parquet({literal}) t"))
        {
            var text = (string)row[0]!;
            found.AddRange(values.Where(v => Contains(text, v)).Select(v => $"{Path.GetFileName(file)}: {v}"));
        }

        return found;
    }

    private static bool Contains(string text, string value)
    {
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + value.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }
}
