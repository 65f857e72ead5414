using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Groups;

/// <summary>
/// Tables committed together: the leader's commit is the commit point and carries the manifest; every member
/// gets a commit for every group commit (empty ones too), each with the group's number as the txn
/// <see cref="AppId"/>, so a reader can line all of them up on one number (docs/lake.md, "Commit protocol").
/// </summary>
public sealed record TableGroup(string Name, string Leader, IReadOnlyList<string> Members)
{
    /// <summary>An ingest or worker batch: touchpoints lead; rejected lines, merges and job changes follow.</summary>
    public static TableGroup Batch { get; } = new("batch", TableNames.Touchpoints, [TableNames.Rejected, TableNames.Merges, TableNames.JobChanges]);

    /// <summary>A <c>rank</c> run: rankings lead; the portfolio figures, the alerts and the campaign reactions follow.</summary>
    public static TableGroup Rank { get; } = new("rank", TableNames.Rankings, [TableNames.PortfolioRisk, TableNames.Alerts, TableNames.CampaignReactions]);

    public static IReadOnlyList<TableGroup> All { get; } = [Batch, Rank];

    /// <summary>The txn appId that numbers this group's commits in each of its tables.</summary>
    public string AppId => $"profileunifier/{Name}";

    public IEnumerable<string> Tables => [Leader, .. Members];
}
