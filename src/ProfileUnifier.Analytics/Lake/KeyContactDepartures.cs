using ProfileUnifier.Analytics.Model;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using static ProfileUnifier.Analytics.Lake.SqlValues;

namespace ProfileUnifier.Analytics.Lake;

/// <summary>
/// When decision-makers and influencers left each account: the end of every past employment (table
/// <c>employments</c>) of a person whose role (table <c>profiles</c>) is one of <see cref="Roles"/>.
/// </summary>
internal static class KeyContactDepartures
{
    /// <summary>The roles whose leaving puts the relationship at risk.</summary>
    public static IReadOnlyList<string> Roles { get; } = ["decision_maker", "influencer"];

    public static void Read(LakeDatabase lake, AccountFacts[] accounts)
    {
        if (!lake.Has(TableNames.Employments) || !lake.Has(TableNames.Profiles))
        {
            return;
        }

        lake.Read($"""
            SELECT a.idx, epoch_us(e.valid_to)
            FROM {TableNames.Employments} e
            JOIN {TableNames.Profiles} p ON p.profile_id = e.profile_id
            JOIN {RankingFactsQuery.Accounts} a ON a.account_id = e.account_id
            WHERE e.valid_to IS NOT NULL AND p.role IN ({string.Join(", ", Roles.Select(LakeDatabase.Literal))})
            """, reader =>
        {
            while (reader.Read())
            {
                accounts[reader.GetInt32(0)].KeyContactsLeft.Add(Time(reader.GetInt64(1)));
            }

            return 0;
        });
    }
}
