using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Tables;

namespace ProfileUnifier.Lake.Privacy;

/// <summary>
/// The <c>erasures</c> table: one row per erasure, appended when the erasure is finished (its data removed everywhere,
/// superseded files deleted). Its txn <see cref="AppId"/> counts the erasures it records, so appending is idempotent and
/// an erasure the touchpoints count but the audit does not is one a crash left unfinished.
/// </summary>
public sealed class ErasureAudit
{
    public const string AppId = "profileunifier/erasures";

    private readonly DeltaTable _table;

    private ErasureAudit(DeltaTable table) => _table = table;

    public static async Task<ErasureAudit> OpenAsync(LakeContext lake, CancellationToken ct) =>
        new(await lake.OpenTableAsync(TableNames.Erasures, ct));

    /// <summary>Erasures recorded as finished.</summary>
    public long Finished => _table.Snapshot.TransactionVersion(AppId) ?? 0;

    /// <summary>Records erasure number <paramref name="number"/> as finished (nothing if it is already).</summary>
    public async Task AppendAsync(ErasureRecord record, long number, long batch, DateTime finishedAt, CancellationToken ct)
    {
        var rows = new ErasuresRows();
        rows.Add(record, finishedAt, batch);
        while (Finished < number)
        {
            var add = await _table.WriteFileAsync(rows.All, [], tags: null, "part-erasure", ct);
            var actions = _table.Preamble(DeltaSchema.Of(new ErasuresRows().Columns, []), [], "WRITE");
            actions.Add(new TransactionAction { AppId = AppId, Version = number });
            actions.Add(add);
            if (await _table.TryCommitAsync(actions, ct))
            {
                return;
            }

            await _table.RefreshAsync(ct);
        }
    }
}
