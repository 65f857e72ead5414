using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Lake;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// When decision-makers and influencers left each account: the end of every past employment (table
/// <c>employments</c>) of a person whose role (table <c>profiles</c>) is one of <see cref="Roles"/>.
/// </summary>
public static class KeyContactDepartures
{
    /// <summary>The roles whose leaving puts the relationship at risk.</summary>
    public static IReadOnlyList<string> Roles { get; } = ["decision_maker", "influencer"];

    public static async Task AddAsync(string root, IReadOnlyDictionary<string, AccountFacts> accounts, CancellationToken ct)
    {
        var (employments, profiles) = (LakePaths.SnapshotFile(TableNames.Employments), LakePaths.SnapshotFile(TableNames.Profiles));
        if (!File.Exists(Path.Combine(root, employments)) || !File.Exists(Path.Combine(root, profiles)))
        {
            return;
        }

        var keyPeople = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var g in ParquetRowGroups.ReadAsync(root, [profiles], ct))
        {
            var (ids, roles) = (await g.Strings("profile_id"), await g.Strings("role"));
            for (var i = 0; i < g.Rows; i++)
            {
                if (roles[i] is { } role && Roles.Contains(role))
                {
                    keyPeople.Add(ids[i]!);
                }
            }
        }

        await foreach (var g in ParquetRowGroups.ReadAsync(root, [employments], ct))
        {
            var (people, account, until) = (await g.Strings("profile_id"), await g.Strings("account_id"), await g.NullableTimestamps("valid_to"));
            for (var i = 0; i < g.Rows; i++)
            {
                if (until[i] is { } left && keyPeople.Contains(people[i]!) && accounts.TryGetValue(account[i]!, out var facts))
                {
                    facts.KeyContactsLeft.Add(DateTime.SpecifyKind(left, DateTimeKind.Utc));
                }
            }
        }
    }
}
