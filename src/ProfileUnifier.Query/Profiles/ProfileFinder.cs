using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Privacy;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Query.Profiles;

/// <summary>
/// Finds a unified profile or account by any identifier, normalised the way ingestion normalises it (so
/// "+7 (916) 123-45-67" finds +79161234567 and "Ivan.Petrov+news@GMail.com" finds ivanpetrov@gmail.com),
/// and gathers its relationship history from the current resolution.
/// </summary>
/// <param name="pseudonyms">A pseudonymised lake's key: an identifier looked up is hashed as the lake stores it.</param>
public sealed class ProfileFinder(LakeDatabase lake, IdentifierNormalizer normalizer, Pseudonymizer? pseudonyms = null)
{
    /// <summary>Roles in the order an account's people are listed: decision-makers first.</summary>
    public static IReadOnlyList<string> RoleOrder { get; } = ["decision_maker", "influencer", "finance", "user"];

    public Card Find(Lookup lookup, int latestPerSource)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerSource);
        if (lake.IsEmpty)
        {
            throw new NotFoundException($"the lake at {lake.Root} is empty: nothing has been ingested yet");
        }

        lake.Require(TableNames.Identities);
        return lookup.Kind switch
        {
            LookupKind.Account => AccountCard(FindAccount(lookup.Value), $"account {lookup.Value}", latestPerSource),
            LookupKind.ProfileId => ProfileCard(lookup.Value, $"profile_id {lookup.Value}", latestPerSource),
            _ => ByIdentifier(lookup, latestPerSource),
        };
    }

    private Card ByIdentifier(Lookup lookup, int latestPerSource)
    {
        var (types, value) = Normalise(lookup);
        // In a pseudonymised lake the stored value is a token: messages show what was asked for.
        var described = $"{types[0]} {(pseudonyms is null ? value : lookup.Value.Trim())}";
        var rows = lake.Rows(
            $"SELECT identifier_type, profile_id, account_id, is_shared, shared_reason FROM {TableNames.Identities} " +
            "WHERE identifier_value = $value AND list_contains($types, identifier_type)",
            ("value", value), ("types", types));
        if (rows.Count == 0)
        {
            var typed = value == lookup.Value.Trim() || pseudonyms is not null ? "" : $" (normalised from \"{lookup.Value}\")";
            throw new NotFoundException($"no profile or account has {described}{typed}");
        }

        var (type, profile, account, shared, reason) = ((string)rows[0][0]!, rows[0][1] as string, rows[0][2] as string, rows[0][3] is true, rows[0][4] as string);
        described = $"{type} {(pseudonyms is null ? value : lookup.Value.Trim())}";
        if (profile is not null)
        {
            return ProfileCard(profile, described, latestPerSource);
        }

        var why = shared ? $"shared ({reason ?? "several people"}), so it identifies no single person" : "an account-level identifier";
        if (account is not null)
        {
            return AccountCard(account, $"{described}: {why}; showing its account", latestPerSource);
        }

        var users = lake.Rows(
            $"SELECT DISTINCT profile_id FROM {LakeViews.Events} WHERE profile_id IS NOT NULL AND (email = $value OR phone = $value OR anonymous_id = $value OR user_id = $value OR social = $value) ORDER BY 1 LIMIT 10",
            ("value", value));
        throw new NotFoundException($"{described} is {why} and belongs to no account" +
            (users.Count > 0 ? $"; people seen with it: {string.Join(", ", users.Select(u => u[0]))}" : ""));
    }

    /// <summary>The identifier types to search (most likely first) and the value as the lake stores it (a token, if pseudonymised).</summary>
    public (string[] Types, string Value) Normalise(Lookup lookup)
    {
        var (types, value) = Normalised(lookup);
        return pseudonyms is null || !IdentifierKinds.TryParse(types[0], out var kind) ? (types, value) : (types, pseudonyms.Pseudonym(kind, value));
    }

    private (string[] Types, string Value) Normalised(Lookup lookup)
    {
        var raw = lookup.Value;
        switch (lookup.Kind)
        {
            case LookupKind.Email:
                var email = normalizer.Email(raw);
                return email.Value is null
                    ? throw new ArgumentException($"--email \"{raw}\": {email.Problem}")
                    : (email.IsRole ? ["role_email", "email"] : ["email", "role_email"], email.Value);
            case LookupKind.Phone:
                var phone = normalizer.Phone(raw, out var problem) ?? throw new ArgumentException($"--phone \"{raw}\": {problem}");
                return (["phone", "office_phone"], phone);
            case LookupKind.Social:
                var social = normalizer.Social(raw, out problem) ?? throw new ArgumentException($"--social \"{raw}\": {problem}");
                return (["social"], social);
            default:
                var id = normalizer.OpaqueId(raw, out problem) ?? throw new ArgumentException($"--{Option(lookup.Kind)} \"{raw}\": {problem}");
                return (lookup.Kind == LookupKind.UserId ? ["user_id"] : ["crm_contact_id"], id);
        }
    }

    private static string Option(LookupKind kind) => kind switch
    {
        LookupKind.UserId => "user-id",
        _ => "crm-id",
    };

    private string FindAccount(string raw)
    {
        lake.Require(TableNames.Accounts);
        var text = raw.Trim();
        var inn = normalizer.Inn(text, out _);
        var domain = normalizer.CompanyDomain(text, out _);
        var rows = lake.Rows(
            $"SELECT account_id, name, crm_account_id, inn, domain FROM {TableNames.Accounts} " +
            "WHERE account_id = $text OR crm_account_id = $text OR inn = $inn OR domain = $domain OR list_contains(domains, $domain) " +
            "   OR lower(name) = lower($text) ORDER BY account_id LIMIT 11",
            ("text", text), ("inn", inn), ("domain", domain));
        return rows.Count switch
        {
            0 => throw new NotFoundException($"no account has id, crm_account_id, INN, domain or name \"{text}\""),
            1 => (string)rows[0][0]!,
            _ => throw new ArgumentException($"\"{text}\" matches {(rows.Count > 10 ? "more than 10" : rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} accounts; use one of their account_ids:\n" +
                string.Join('\n', rows.Take(10).Select(r => $"  {r[0]}  {r[1]}  crm={r[2]} inn={r[3]} domain={r[4]}"))),
        };
    }

    private ProfileCard ProfileCard(string profileId, string matchedBy, int latest)
    {
        lake.Require(TableNames.Profiles);
        var profile = One($"SELECT * FROM {TableNames.Profiles} WHERE profile_id = $id", profileId)
            ?? throw new NotFoundException($"no profile {profileId}");
        var account = profile["account_id"] is string accountId && lake.Has(TableNames.Accounts)
            ? One($"SELECT * FROM {TableNames.Accounts} WHERE account_id = $id", accountId)
            : null;
        return new ProfileCard(matchedBy, profile, account, Timeline("profile_id", profileId, latest), Employment(profileId));
    }

    /// <summary>The person's employers over time, oldest first, with the accounts' names.</summary>
    private List<LakeRow> Employment(string profileId) => !lake.Has(TableNames.Employments) || !lake.Has(TableNames.Accounts)
        ? []
        : lake.Records(
            $"""
            SELECT m.account_id, a.name AS account_name, m.valid_from, m.valid_to, m.first_seen, m.last_seen, m.evidence_events, m.is_current
            FROM {TableNames.Employments} m LEFT JOIN {TableNames.Accounts} a USING (account_id)
            WHERE m.profile_id = $id ORDER BY m.valid_from NULLS FIRST
            """,
            ("id", profileId));

    private AccountCard AccountCard(string accountId, string matchedBy, int latest)
    {
        lake.Require(TableNames.Accounts);
        var account = One($"SELECT * FROM {TableNames.Accounts} WHERE account_id = $id", accountId)
            ?? throw new NotFoundException($"no account {accountId}");
        var ranking = lake.Has(TableNames.Rankings)
            ? One($"SELECT * EXCLUDE (account_id, crm_account_id, name) FROM {TableNames.Rankings} WHERE account_id = $id", accountId)
            : null;
        var people = lake.Has(TableNames.Profiles)
            ? lake.Records(
                $"""
                SELECT profile_id, first_name, last_name, title, role, emails, phones, crm_contact_id, events, last_seen
                FROM {TableNames.Profiles} WHERE account_id = $id
                ORDER BY coalesce(list_position($roles, role), 99), events DESC, profile_id
                """,
                ("id", accountId), ("roles", RoleOrder.ToArray()))
            : [];
        return new AccountCard(matchedBy, account, ranking, people, Timeline("account_id", accountId, latest));
    }

    /// <summary>
    /// One page of a profile's (<paramref name="column"/> profile_id) or an account's (account_id) touchpoints,
    /// newest first, as resolved now, with the total across pages.
    /// </summary>
    public TimelinePage Page(string column, string id, int offset, int limit)
    {
        if (column is not ("profile_id" or "account_id"))
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, "profile_id or account_id");
        }

        if (!lake.Has(LakeViews.Events))
        {
            return new TimelinePage(0, []);
        }

        var people = PeopleJoin;
        var rows = lake.Rows(
            $"""
            SELECT source, occurred_at, type, nullif(person, ''), {Summary}, event_id, count(*) OVER () AS total
            FROM {LakeViews.Events} e {people}
            WHERE e.{column} = $id
            ORDER BY occurred_at DESC, event_id
            LIMIT $limit OFFSET $offset
            """,
            ("id", id), ("limit", limit), ("offset", offset));
        var total = rows.Count > 0 ? Convert.ToInt64(rows[0][6], System.Globalization.CultureInfo.InvariantCulture)
            : offset == 0 ? 0 : lake.Read($"SELECT count(*) FROM {LakeViews.Events} WHERE {column} = $id", r => r.Read() ? r.GetInt64(0) : 0, ("id", id));
        return new TimelinePage(total, [.. rows.Select(e => new SourcedEntry((string)e[0]!, new TimelineEntry(Utc(e[1]), (string)e[2]!, e[3] as string, (string)e[4]!, (string)e[5]!)))]);
    }

    private List<SourceTimeline> Timeline(string column, string id, int latest)
    {
        if (!lake.Has(LakeViews.Events))
        {
            return [];
        }

        var people = PeopleJoin;
        // One scan: per-source totals ride along as window aggregates on the latest rows.
        var rows = lake.Rows(
            $"""
            SELECT source, occurred_at, type, nullif(person, ''), {Summary}, event_id,
                   count(*) OVER bySource, min(occurred_at) OVER bySource, max(occurred_at) OVER bySource,
                   row_number() OVER (PARTITION BY source ORDER BY occurred_at DESC, event_id) AS position
            FROM {LakeViews.Events} e {people}
            WHERE e.{column} = $id
            WINDOW bySource AS (PARTITION BY source)
            QUALIFY position <= greatest($latest, 1)
            ORDER BY max(occurred_at) OVER bySource DESC, source, position
            """,
            ("id", id), ("latest", latest));
        return [.. rows.GroupBy(r => (string)r[0]!).Select(g => new SourceTimeline(g.Key,
            Convert.ToInt64(g.First()[6], System.Globalization.CultureInfo.InvariantCulture), Utc(g.First()[7]), Utc(g.First()[8]),
            [.. g.Take(latest).Select(e => new TimelineEntry(Utc(e[1]), (string)e[2]!, e[3] as string, (string)e[4]!, (string)e[5]!))]))];
    }

    /// <summary>Joins each touchpoint's person (first and last name) on profile_id, or a null person when there are no profiles yet.</summary>
    private string PeopleJoin => lake.Has(TableNames.Profiles)
        ? $"LEFT JOIN (SELECT profile_id, concat_ws(' ', first_name, last_name) AS person FROM {TableNames.Profiles}) p USING (profile_id)"
        : "LEFT JOIN (SELECT NULL::VARCHAR AS profile_id, NULL::VARCHAR AS person) p USING (profile_id)";

    /// <summary>One line per touchpoint: whatever of the typed properties it carries.</summary>
    private const string Summary = """
        concat_ws(' · ',
            CASE WHEN order_id IS NOT NULL THEN 'order ' || order_id END,
            CASE WHEN invoice_id IS NOT NULL THEN 'invoice ' || invoice_id END,
            CASE WHEN amount IS NOT NULL THEN printf('%.2f %s', amount, coalesce(currency, '')) END,
            CASE WHEN margin IS NOT NULL THEN printf('margin %.0f%%', margin * 100) END,
            CASE WHEN discount IS NOT NULL AND discount > 0 THEN printf('discount %.0f%%', discount * 100) END,
            CASE WHEN due_date IS NOT NULL THEN 'due ' || strftime(due_date, '%Y-%m-%d') END,
            CASE WHEN paid_at IS NOT NULL THEN 'paid ' || strftime(paid_at, '%Y-%m-%d') END,
            CASE WHEN campaign_id IS NOT NULL THEN 'campaign ' || campaign_id END,
            url, CASE WHEN form IS NOT NULL THEN 'form ' || form END,
            CASE WHEN feature IS NOT NULL THEN 'feature ' || feature END,
            direction, CASE WHEN duration_s IS NOT NULL THEN duration_s || ' s' END, outcome,
            CASE WHEN nps IS NOT NULL THEN 'NPS ' || nps END,
            CASE WHEN sentiment IS NOT NULL THEN printf('sentiment %.2f', sentiment) END,
            CASE WHEN strategy IS NOT NULL THEN 'strategy ' || strategy END,
            CASE WHEN growth_plan IS NOT NULL THEN 'growth plan ' || growth_plan END,
            CASE WHEN annual_budget IS NOT NULL THEN printf('annual budget %.0f', annual_budget) END)
        """;

    private LakeRow? One(string sql, string id) => lake.Records(sql, ("id", id)).FirstOrDefault();

    private static DateTime Utc(object? value) => value switch
    {
        DateTimeOffset o => o.UtcDateTime,
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => default,
    };
}
