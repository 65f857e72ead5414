using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using ProfileUnifier.Query.Profiles;

namespace ProfileUnifier.Server.Lake;

/// <summary>What an identifier resolves to (a row of <c>identities</c>).</summary>
public sealed record IdentityHit(string Type, string Value, string? ProfileId, string? AccountId, bool IsShared, string? SharedReason);

/// <summary>
/// One lake version's identities, profiles, accounts and rankings in memory, so a lookup by any identifier is
/// dictionary work (microseconds) rather than a scan of the Parquet files. Built once per version.
/// </summary>
public sealed class LookupIndex
{
    private readonly Dictionary<string, List<IdentityHit>> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IdentityHit>> _byProfile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LakeRow>> _people = new(StringComparer.Ordinal);

    private LookupIndex()
    {
    }

    public Dictionary<string, LakeRow> Profiles { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, LakeRow> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>The latest ranking by account_id.</summary>
    public Dictionary<string, LakeRow> Rankings { get; } = new(StringComparer.Ordinal);

    /// <summary>The latest ranking in rank order.</summary>
    public IReadOnlyList<LakeRow> RankingOrder { get; private set; } = [];

    public static LookupIndex Build(LakeDatabase lake)
    {
        var index = new LookupIndex();
        if (lake.Has(TableNames.Identities))
        {
            lake.Read($"SELECT identifier_type, identifier_value, profile_id, account_id, is_shared, shared_reason FROM {TableNames.Identities}", r =>
            {
                while (r.Read())
                {
                    var hit = new IdentityHit(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                        !r.IsDBNull(4) && r.GetBoolean(4), r.IsDBNull(5) ? null : r.GetString(5));
                    Add(index._byValue, hit.Value, hit);
                    if (hit.ProfileId is { } profile)
                    {
                        Add(index._byProfile, profile, hit);
                    }
                }

                return 0;
            });
        }

        Load(lake, TableNames.Profiles, $"SELECT * FROM {TableNames.Profiles} ORDER BY coalesce(list_position($roles, role), 99), events DESC, profile_id",
            "profile_id", index.Profiles, ("roles", ProfileFinder.RoleOrder.ToArray()));
        foreach (var person in index.Profiles.Values)
        {
            if (person.String("account_id") is { } account)
            {
                Add(index._people, account, person);
            }
        }

        Load(lake, TableNames.Accounts, $"SELECT * FROM {TableNames.Accounts} ORDER BY account_id", "account_id", index.Accounts);
        Load(lake, TableNames.Rankings, $"SELECT * FROM {TableNames.Rankings} ORDER BY rank", "account_id", index.Rankings);
        index.RankingOrder = [.. index.Rankings.Values];
        return index;
    }

    /// <summary>The first identity of one of <paramref name="types"/> (in that order) with this normalised value.</summary>
    public IdentityHit? Find(IReadOnlyList<string> types, string value) =>
        _byValue.TryGetValue(value, out var hits)
            ? types.Select(t => hits.FirstOrDefault(h => h.Type == t)).FirstOrDefault(h => h is not null)
            : null;

    /// <summary>Every identifier resolved to this profile.</summary>
    public IReadOnlyList<IdentityHit> IdentifiersOf(string profileId) => _byProfile.TryGetValue(profileId, out var hits) ? hits : [];

    /// <summary>An account's people, decision-makers first, then by activity.</summary>
    public IReadOnlyList<LakeRow> PeopleOf(string accountId) => _people.TryGetValue(accountId, out var people) ? people : [];

    /// <summary>An account by account_id, CRM account id, INN, a domain, or its exact name (case-insensitive).</summary>
    public LakeRow? FindAccount(string text) =>
        Accounts.TryGetValue(text, out var byId) ? byId
        : Accounts.Values.FirstOrDefault(a => a.String("crm_account_id") == text || a.String("inn") == text ||
            string.Equals(a.String("domain"), text, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(a.String("name"), text, StringComparison.OrdinalIgnoreCase));

    /// <summary>People whose name, and accounts whose name, contain every word of <paramref name="text"/>.</summary>
    public (IReadOnlyList<LakeRow> People, IReadOnlyList<LakeRow> Accounts) Search(string text, int max)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return ([], []);
        }

        bool Matches(params string?[] fields) =>
            words.All(w => fields.Any(f => f?.Contains(w, StringComparison.OrdinalIgnoreCase) == true));
        return (
            [.. Profiles.Values.Where(p => Matches(p.String("first_name"), p.String("last_name"), p.String("title"))).Take(max)],
            [.. Accounts.Values.Where(a => Matches(a.String("name"), a.String("domain"), a.String("inn"), a.String("crm_account_id"))).Take(max)]);
    }

    private static void Load(LakeDatabase lake, string table, string sql, string key, Dictionary<string, LakeRow> into, params (string Name, object? Value)[] parameters)
    {
        if (!lake.Has(table))
        {
            return;
        }

        foreach (var row in lake.Records(sql, parameters))
        {
            into[(string)row[key]!] = row;
        }
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
