using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Analytics.Alerts;

/// <summary>Rows of <c>alerts</c> (DESIGN.md): every alert episode, open (closed_at null) or closed.</summary>
public sealed class AlertsRows : TableBuffer
{
    private readonly StringColumn _id = new("alert_id", nullable: false);
    private readonly StringColumn _kind = new("kind", nullable: false);
    private readonly StringColumn _level = new("level");
    private readonly StringColumn _accountId = new("account_id");
    private readonly StringColumn _profileId = new("profile_id");
    private readonly Int32Column _episode = new("episode");
    private readonly TimestampColumn _openedAt = new("opened_at");
    private readonly TimestampColumn _closedAt = new("closed_at", nullable: true);
    private readonly StringColumn _severity = new("severity", nullable: false);
    private readonly StringColumn _evidence = new("evidence", nullable: false);
    private readonly StringColumn _message = new("message", nullable: false);

    protected override IReadOnlyList<ColumnBuffer> Columns =>
        [_id, _kind, _level, _accountId, _profileId, _episode, _openedAt, _closedAt, _severity, _evidence, _message];

    public void AddRange(IEnumerable<Alert> alerts)
    {
        foreach (var a in alerts)
        {
            _id.Add(a.AlertId);
            _kind.Add(a.Kind.WireName());
            _level.Add(a.Level);
            _accountId.Add(a.AccountId);
            _profileId.Add(a.ProfileId);
            _episode.Add(a.Episode);
            _openedAt.Add(a.OpenedAt);
            _closedAt.Add(a.ClosedAt);
            _severity.Add(a.Severity.WireName());
            _evidence.Add(a.Evidence);
            _message.Add(a.Message);
        }
    }
}
