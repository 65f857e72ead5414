using System.Globalization;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// A batch's touchpoint rows and the table's partition each belongs to (<c>source=…/month=…</c>, the UTC
/// month of occurred_at). Rows are held in one set of columns and grouped by partition when written, so a
/// batch spanning a year of months costs one buffer, not one per partition.
/// </summary>
public sealed class TouchpointPartitions
{
    private readonly TouchpointRows _rows = new();
    private readonly List<int> _partitionOfRow = [];
    private readonly Dictionary<(EventSource Source, int Month), int> _partitions = [];
    private readonly List<(EventSource Source, int Month)> _keys = [];
    private bool _grouped;

    /// <summary>The table's partition columns, in folder order.</summary>
    public static IReadOnlyList<string> PartitionColumns { get; } = ["source", "month"];

    public int Rows => _rows.Rows;

    /// <summary>The rows' buffer (its columns give the table's schema).</summary>
    public TouchpointRows Buffer => _rows;

    public void Add(IncomingEvent e, IdentityKeys keys, int signature, string sourcePosition, long txn)
    {
        var at = e.OccurredAt.UtcDateTime;
        var key = (e.Source, (at.Year * 12) + at.Month - 1);
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

    /// <summary>Each partition's values and rows, in a fixed order (the rows are regrouped the first time).</summary>
    public IReadOnlyList<(IReadOnlyList<KeyValuePair<string, string>> Partition, TableSlice Rows)> Partitions()
    {
        var order = Enumerable.Range(0, _keys.Count).OrderBy(p => _keys[p].Source).ThenBy(p => _keys[p].Month).ToArray();
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

        var slices = new List<(IReadOnlyList<KeyValuePair<string, string>>, TableSlice)>(_keys.Count);
        var first = 0;
        foreach (var p in order)
        {
            var (source, month) = _keys[p];
            IReadOnlyList<KeyValuePair<string, string>> partition =
            [
                new("source", source.WireName()),
                new("month", string.Create(CultureInfo.InvariantCulture, $"{month / 12:D4}-{(month % 12) + 1:D2}")),
            ];
            slices.Add((partition, new TableSlice(_rows, first, counts[p])));
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
