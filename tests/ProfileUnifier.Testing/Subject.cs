using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Testing;

/// <summary>
/// A person to erase in tests: the one with the most events who has an email, with their own identifiers (not shared
/// ones), their profile id and how many events resolve to them now — read from the lake with DuckDB.
/// </summary>
public sealed record Subject(string ProfileId, string Email, IReadOnlyList<string> Identifiers, long Events)
{
    public static Subject MostActive(string lake)
    {
        using var duck = new DuckLake(lake);
        var row = duck.Rows($"SELECT profile_id, emails[1] FROM {duck.Table(TableNames.Profiles)} WHERE len(emails) > 0 ORDER BY events DESC, profile_id LIMIT 1")[0];
        var id = (string)row[0]!;
        var identifiers = duck.Rows($"SELECT identifier_value FROM {duck.Table(TableNames.Identities)} WHERE profile_id = '{id}' AND level = 'person' AND NOT is_shared")
            .Select(r => (string)r[0]!).ToList();
        var events = duck.Scalar<long>($"""
            SELECT count(*) FROM {duck.Table(TableNames.Touchpoints)} t JOIN {duck.Table(TableNames.Signatures)} s USING (signature_id)
            WHERE s.profile_id = '{id}'
            """);
        return new Subject(id, (string)row[1]!, identifiers, events);
    }

    /// <summary>The lines of a file that carry one of the subject's identifiers (their events, to replay).</summary>
    public IReadOnlyList<string> LinesIn(string file) =>
        [.. File.ReadLines(file).Where(l => Identifiers.Any(i => l.Contains(i, StringComparison.OrdinalIgnoreCase)))];
}
