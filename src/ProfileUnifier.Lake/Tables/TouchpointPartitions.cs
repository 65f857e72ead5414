using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// A batch's touchpoint rows and the table's partition each belongs to (<c>source=…/date=…</c>, the UTC
/// date of occurred_at). Rows are held in one set of columns and grouped by partition when written, so a
/// batch spanning a year of dates costs one buffer, not one per partition.
/// </summary>
public sealed class TouchpointPartitions
{
    private readonly TouchpointRows _rows = new();
    private readonly List<int> _partitionOfRow = [];
    private readonly Dictionary<(EventSource Source, DateOnly Date), int> _partitions = [];
    private readonly List<(EventSource Source, DateOnly Date)> _keys = [];
    private bool _grouped;

    public int Rows => _rows.Rows;

    public void Add(IncomingEvent e, IdentityKeys keys, int signature, string sourcePosition, long txn)
    {
        var key = (e.Source, DateOnly.FromDateTime(e.OccurredAt.UtcDateTime));
        if (!_partitions.TryGetValue(key, out var partition))
        {
            _partitions[key] = partition = _keys.Count;
            _keys.Add(key);
        }

        _rows.Add(e, keys, signature, sourcePosition, txn);
        _partitionOfRow.Add(partition);
        _grouped = false;
    }

    /// <summary>Fills the resolution columns and the ingestion time (see <see cref="TouchpointRows.Resolve"/>).</summary>
    public void Resolve(Func<int, EventResolution> resolution, DateTime ingestedAt) => _rows.Resolve(resolution, ingestedAt);

    /// <summary>Each partition's folder and rows, in a fixed order (the rows are regrouped the first time).</summary>
    public IReadOnlyList<(string Folder, TableSlice Rows)> Partitions()
    {
        var order = Enumerable.Range(0, _keys.Count).OrderBy(p => _keys[p].Source).ThenBy(p => _keys[p].Date).ToArray();
        var rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
        }

        if (!_grouped)
        {
            // A stable sort by partition keeps the arrival order within each partition.
            var rows = Enumerable.Range(0, _partitionOfRow.Count).OrderBy(r => rank[_partitionOfRow[r]]).ToArray();
            _rows.Permute(rows);
            var regrouped = rows.Select(r => _partitionOfRow[r]).ToList();
            _partitionOfRow.Clear();
            _partitionOfRow.AddRange(regrouped);
            _grouped = true;
        }

        var counts = new int[_keys.Count];
        foreach (var p in _partitionOfRow)
        {
            counts[p]++;
        }

        var slices = new List<(string, TableSlice)>(_keys.Count);
        var first = 0;
        foreach (var p in order)
        {
            var (source, date) = _keys[p];
            slices.Add(($"source={source.WireName()}/date={date:yyyy-MM-dd}", new TableSlice(_rows, first, counts[p])));
            first += counts[p];
        }

        return slices;
    }

    public void Clear()
    {
        _rows.Clear();
        _partitionOfRow.Clear();
        _partitions.Clear();
        _keys.Clear();
        _grouped = false;
    }
}
