using System.Globalization;
using Microsoft.Extensions.Options;
using ProfileUnifier.Analytics.Options;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using ProfileUnifier.Query.Profiles;
using ProfileUnifier.Query.Segments;
using ProfileUnifier.Reporting;

namespace ProfileUnifier.Server.Lake;

/// <summary>
/// Everything the API and the console read, in one place: lookups from the index, timelines, segments and the
/// report through <c>ProfileUnifier.Query</c>. a <c>masked</c> argument masks identifiers (a viewer's request).
/// </summary>
public sealed class LakeReads(LakeCatalog catalog, IOptions<IdentityRules> rules, IOptions<SegmentOptions> segments, IOptions<AnalyticsOptions> analytics,
    IOptions<LakeOptions> lakeOptions, IOptions<PrivacyOptions> privacy)
{
    private readonly IdentifierNormalizer _normalizer = new(rules.Value);

    // A pseudonymised lake's key: a lookup hashes the identifier it is given (read when first needed: a lake may be created later).
    private readonly Lazy<Pseudonymizer?> _pseudonyms = new(() =>
        LakePrivacy.Open(LakeContext.Local(lakeOptions.Value), privacy.Value) is { Pseudonymised: true } settings
            ? settings.RequireHasher("looking a person up in a pseudonymised lake")
            : null);
    private RenderedReport? _report;

    public LookupResult Lookup(Lookup lookup, bool masked)
    {
        using var lease = catalog.Acquire();
        var lake = lease.Lake;
        if (lake.Index.Profiles.Count == 0 && lake.Index.Accounts.Count == 0)
        {
            throw new NotFoundException("the lake is empty: nothing has been ingested yet");
        }

        switch (lookup.Kind)
        {
            case LookupKind.ProfileId:
                return new("profile", Profile(lake, lookup.Value, $"profile_id {lookup.Value}", masked), null);
            case LookupKind.Account:
                var account = lake.Index.FindAccount(lookup.Value.Trim())
                    ?? throw new NotFoundException($"no account has id, crm_account_id, INN, domain or name \"{lookup.Value.Trim()}\"");
                return new("account", null, Account(lake, (string)account["account_id"]!, $"account {lookup.Value.Trim()}", masked));
        }

        var (types, value) = lake.Read(db => new ProfileFinder(db, _normalizer, _pseudonyms.Value).Normalise(lookup));
        var asked = _pseudonyms.Value is null ? value : lookup.Value.Trim();
        var shown = masked ? Masking.Text(asked) : asked;
        var hit = lake.Index.Find(types, value)
            ?? throw new NotFoundException($"no profile or account has {types[0]} {shown}");
        var described = $"{hit.Type} {shown}";
        if (hit.ProfileId is { } profile)
        {
            return new("profile", Profile(lake, profile, described, masked), null);
        }

        var why = hit.IsShared ? $"shared ({hit.SharedReason ?? "several people"})" : "an account-level identifier";
        return hit.AccountId is { } accountId
            ? new("account", null, Account(lake, accountId, $"{described}: {why}; showing its account", masked))
            : throw new NotFoundException($"{described} is {why} and belongs to no account");
    }

    public ProfileView Profile(string profileId, bool masked)
    {
        using var lease = catalog.Acquire();
        return Profile(lease.Lake, profileId, $"profile_id {profileId}", masked);
    }

    public AccountView Account(string accountId, bool masked)
    {
        using var lease = catalog.Acquire();
        return Account(lease.Lake, accountId, $"account_id {accountId}", masked);
    }

    /// <summary>A page of a profile's or an account's touchpoints, newest first.</summary>
    public Paged<TimelineItem> Timeline(string column, string id, int page, int pageSize)
    {
        using var lease = catalog.Acquire();
        var known = column == "profile_id" ? lease.Lake.Index.Profiles.ContainsKey(id) : lease.Lake.Index.Accounts.ContainsKey(id);
        if (!known)
        {
            throw new NotFoundException($"no {(column == "profile_id" ? "profile" : "account")} {id}");
        }

        var result = lease.Lake.Read(db => new ProfileFinder(db, _normalizer).Page(column, id, (page - 1) * pageSize, pageSize));
        return new(result.Total, page, pageSize,
            [.. result.Entries.Select(e => new TimelineItem(e.Entry.OccurredAt, e.Source, e.Entry.Type, e.Entry.Person, e.Entry.Summary, e.Entry.EventId))]);
    }

    public Paged<Row> Rankings(RankingFilter filter, int page, int pageSize, bool masked)
    {
        using var lease = catalog.Acquire();
        var rows = lease.Lake.Index.RankingOrder.Where(r =>
            (string.IsNullOrEmpty(filter.Abc) || r.String("abc_class") == filter.Abc) &&
            (string.IsNullOrEmpty(filter.Quadrant) || r.String("kaism_quadrant") == filter.Quadrant) &&
            (string.IsNullOrEmpty(filter.Flag) || r.String("share_flag") == filter.Flag || Flags(r).Contains(filter.Flag))).ToList();
        return new(rows.Count, page, pageSize, [.. rows.Skip((page - 1) * pageSize).Take(pageSize).Select(r => ToRow(r, masked))]);
    }

    public IReadOnlyList<SegmentSummary> Segments()
    {
        using var lease = catalog.Acquire();
        return lease.Lake.Read(db =>
        {
            var runner = new SegmentRunner(db, segments.Value);
            return segments.Value.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
            {
                try
                {
                    return new SegmentSummary(s.Key, s.Value.Of, s.Value.Description, s.Value.Where, runner.Count(s.Key), null);
                }
                catch (LakeQueryException ex)
                {
                    return new SegmentSummary(s.Key, s.Value.Of, s.Value.Description, s.Value.Where, null, ex.Message.Split('\n')[^1]);
                }
            }).ToList();
        });
    }

    public Paged<Row> SegmentMembers(string name, int page, int pageSize, bool masked)
    {
        using var lease = catalog.Acquire();
        return lease.Lake.Read(db =>
        {
            var runner = new SegmentRunner(db, segments.Value);
            var total = runner.Count(name);
            var rows = db.Records($"{runner.Sql(name)} LIMIT $limit OFFSET $offset", ("limit", pageSize), ("offset", (page - 1) * pageSize));
            return new Paged<Row>(total, page, pageSize, [.. rows.Select(r => ToRow(r, masked))]);
        });
    }

    /// <summary>Writes a segment's members as CSV (identifiers masked for viewers) to <paramref name="output"/>.</summary>
    public long ExportCsv(string name, TextWriter output, bool masked)
    {
        using var lease = catalog.Acquire();
        return lease.Lake.Read(db =>
        {
            var sql = new SegmentRunner(db, segments.Value).Sql(name);
            return db.Read(sql, reader => masked ? MaskedCsv.Write(reader, output) : Query.Output.CsvResultWriter.Write(reader, output));
        });
    }

    /// <summary>Writes a segment's members as Parquet (by DuckDB, into <paramref name="folder"/>, which the lake must allow) and returns the file.</summary>
    public string ExportParquet(string name, string folder)
    {
        using var lease = catalog.Acquire();
        return lease.Lake.Read(db => new SegmentRunner(db, segments.Value).Export(name, Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.parquet")).Path);
    }

    /// <summary>The portfolio report of the served version (rendered once per version).</summary>
    public string Report()
    {
        using var lease = catalog.Acquire();
        if (Volatile.Read(ref _report) is { } cached && cached.Version == lease.Lake.Version)
        {
            return cached.Html;
        }

        var html = lease.Lake.Read(db => ReportJob.Render(db, analytics.Value, ReportLanguage.English).Html);
        Volatile.Write(ref _report, new RenderedReport(lease.Lake.Version, html));
        return html;
    }

    /// <summary>The console's search box: an identifier in any spelling, else names of people and companies.</summary>
    public SearchResult Search(string text, bool masked, int max = 25)
    {
        text = text.Trim();
        LookupResult? exact = null;
        foreach (var kind in Guess(text))
        {
            try
            {
                exact = Lookup(new Lookup(kind, text), masked);
                break;
            }
            catch (Exception ex) when (ex is NotFoundException or ArgumentException)
            {
                // Not this kind of identifier: try the next guess, then names.
            }
        }

        using var lease = catalog.Acquire();
        var (people, accounts) = lease.Lake.Index.Search(text, max);
        return new(text, exact, [.. people.Select(p => ToRow(p, masked))], [.. accounts.Select(a => ToRow(a, masked))]);
    }

    private static IEnumerable<LookupKind> Guess(string text)
    {
        if (text.Length == 0)
        {
            yield break;
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            yield return LookupKind.Email;
            yield break;
        }

        if (text.Count(char.IsAsciiDigit) >= 7 && text.All(c => char.IsAsciiDigit(c) || " +-()".Contains(c, StringComparison.Ordinal)))
        {
            yield return LookupKind.Phone;
        }

        if (text.StartsWith("p_", StringComparison.Ordinal))
        {
            yield return LookupKind.ProfileId;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            yield return LookupKind.Social;
        }

        yield return LookupKind.CrmContactId;
        yield return LookupKind.UserId;
        yield return LookupKind.Account;
    }

    private ProfileView Profile(ServedLake lake, string profileId, string matchedBy, bool masked)
    {
        var profile = lake.Index.Profiles.GetValueOrDefault(profileId) ?? throw new NotFoundException($"no profile {profileId}");
        var accountId = profile.String("account_id");
        var account = accountId is null ? null : lake.Index.Accounts.GetValueOrDefault(accountId);
        var ranking = accountId is null ? null : lake.Index.Rankings.GetValueOrDefault(accountId);
        var identifiers = lake.Index.IdentifiersOf(profileId)
            .Select(i => new IdentifierView(i.Type, masked ? Masking.Text(i.Value) : i.Value, i.IsShared))
            .OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal).ToList();
        // The person's moves between companies (job_changes), oldest first.
        var employment = lake.Has(TableNames.JobChanges)
            ? lake.Read(db => db.Records($"SELECT * FROM {TableNames.JobChanges} WHERE profile_id = $id ORDER BY first_seen_at_new", ("id", profileId))).Select(r => ToRow(r, masked)).ToList()
            : null;
        return new(matchedBy, ToRow(profile, masked), account is null ? null : ToRow(account, masked), ranking is null ? null : ToRow(ranking, masked), identifiers, employment);
    }

    private static AccountView Account(ServedLake lake, string accountId, string matchedBy, bool masked)
    {
        var account = lake.Index.Accounts.GetValueOrDefault(accountId) ?? throw new NotFoundException($"no account {accountId}");
        var ranking = lake.Index.Rankings.GetValueOrDefault(accountId);
        var score = ranking is null ? [] : ranking.Where(c => c.Key.StartsWith("score_", StringComparison.Ordinal))
            .Select(c => new ScoreItem(c.Key["score_".Length..], c.Value is null ? null : Convert.ToDouble(c.Value, CultureInfo.InvariantCulture))).ToList();
        var alerts = lake.Has(TableNames.Alerts)
            ? lake.Read(db => db.Records($"SELECT * FROM {TableNames.Alerts} WHERE account_id = $id ORDER BY opened_at DESC, alert_id LIMIT 100", ("id", accountId))).Select(r => ToRow(r, masked)).ToList()
            : null;
        return new(matchedBy, ToRow(account, masked), ranking is null ? null : ToRow(ranking, masked), score, ranking is null ? [] : Flags(ranking),
            [.. lake.Index.PeopleOf(accountId).Select(p => ToRow(p, masked))], alerts);
    }

    private static List<string> Flags(LakeRow ranking) => ranking["risk_flags"] is System.Collections.IEnumerable flags and not string
        ? [.. flags.Cast<object?>().Select(f => f?.ToString() ?? "")]
        : [];

    private static Row ToRow(LakeRow row, bool masked)
    {
        var result = new Row();
        foreach (var (column, value) in row)
        {
            result[column] = masked ? Masking.Column(column, value) : value;
        }

        return result;
    }

    private sealed record RenderedReport(long Version, string Html);
}
