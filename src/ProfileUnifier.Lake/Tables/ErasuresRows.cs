using System.Text.Json;
using ProfileUnifier.Lake.Parquet;
using ProfileUnifier.Lake.Privacy;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Rows of <c>erasures</c>, the audit of <c>forget</c>: one per erasure, when and why it was asked for, by which kind of
/// identifier, and what it removed. No identifier, profile id or token of the person (<see cref="ErasureRecord"/>).
/// </summary>
public sealed class ErasuresRows : TableBuffer
{
    private readonly StringColumn _erasureId = new("erasure_id", nullable: false);
    private readonly TimestampColumn _requestedAt = new("requested_at");
    private readonly TimestampColumn _finishedAt = new("finished_at");
    private readonly StringColumn _requestedBy = new("requested_by");
    private readonly StringColumn _reason = new("reason");
    private readonly StringColumn _foundBy = new("found_by");
    private readonly Int32Column _identifiersSuppressed = new("identifiers_suppressed");
    private readonly Int64Column _eventsErased = new("events_erased");
    private readonly Int64Column _rejectedRedacted = new("rejected_redacted");
    private readonly StringColumn _rowsJson = new("rows_json");
    private readonly Int64Column _batch = new("batch");

    protected internal override IReadOnlyList<ColumnBuffer> Columns =>
    [
        _erasureId, _requestedAt, _finishedAt, _requestedBy, _reason, _foundBy, _identifiersSuppressed, _eventsErased, _rejectedRedacted,
        _rowsJson, _batch,
    ];

    public void Add(ErasureRecord record, DateTime finishedAt, long batch)
    {
        _erasureId.Add(record.ErasureId);
        _requestedAt.Add(record.RequestedAt);
        _finishedAt.Add(finishedAt);
        _requestedBy.Add(record.RequestedBy);
        _reason.Add(record.Reason);
        _foundBy.Add(record.FoundBy);
        _identifiersSuppressed.Add(record.IdentifiersSuppressed);
        _eventsErased.Add(record.Rows.GetValueOrDefault(TableNames.Touchpoints));
        _rejectedRedacted.Add(record.Rows.GetValueOrDefault(TableNames.Rejected));
        _rowsJson.Add(JsonSerializer.Serialize(record.Rows));
        _batch.Add(batch);
    }
}
