using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Lake.Tables;

/// <summary>
/// Touchpoint rows and the table's partition each belongs to (<c>source=…</c>; docs/lake.md, "Tables", says why not
/// by month too). Rows are held in one set of columns and grouped by partition when written, in arrival order within
/// each partition.
/// </summary>
public sealed class TouchpointPartitions
{
    private readonly TouchpointRows _rows = new();
    private readonly List<EventSource> _sourceOfRow = [];
    private bool _grouped = true;

    /// <summary>The table's partition columns, in folder order.</summary>
    public static IReadOnlyList<string> PartitionColumns { get; } = ["source"];

    public int Rows => _rows.Rows;

    /// <summary>The rows' buffer (its columns give the table's schema).</summary>
    public TouchpointRows Buffer => _rows;

    /// <param name="vault">Set in a pseudonymised lake (see <see cref="TouchpointRows.Add"/>).</param>
    public void Add(IncomingEvent e, IdentityKeys keys, int signature, SourcePosition sourcePosition, long txn, Privacy.IdentifierVault? vault = null)
    {
        _grouped &= _sourceOfRow.Count == 0 || _sourceOfRow[^1] <= e.Source;
        _rows.Add(e, keys, signature, sourcePosition, txn, vault);
        _sourceOfRow.Add(e.Source);
    }

    /// <summary>Fills the resolution columns and the ingestion time (see <see cref="TouchpointRows.Resolve"/>).</summary>
    public void Resolve(Func<int, CapturedResolution> resolution, DateTime ingestedAt) => _rows.Resolve(resolution, ingestedAt);

    /// <summary>Each partition's values and rows, in source order (the rows are regrouped the first time).</summary>
    public IReadOnlyList<(IReadOnlyList<KeyValuePair<string, string>> Partition, TableSlice Rows)> Partitions()
    {
        if (!_grouped)
        {
            // A stable sort by source keeps the arrival order within each partition.
            var rows = Enumerable.Range(0, _sourceOfRow.Count).OrderBy(r => _sourceOfRow[r]).ToArray();
            _rows.Permute(rows);
            var regrouped = rows.Select(r => _sourceOfRow[r]).ToList();
            _sourceOfRow.Clear();
            _sourceOfRow.AddRange(regrouped);
            _grouped = true;
        }

        var slices = new List<(IReadOnlyList<KeyValuePair<string, string>>, TableSlice)>(EventSources.All.Count);
        for (var first = 0; first < _sourceOfRow.Count;)
        {
            var source = _sourceOfRow[first];
            var end = first;
            while (end < _sourceOfRow.Count && _sourceOfRow[end] == source)
            {
                end++;
            }

            slices.Add(([new("source", source.WireName())], new TableSlice(_rows, first, end - first)));
            first = end;
        }

        return slices;
    }

    public void Clear()
    {
        _rows.Clear();
        _sourceOfRow.Clear();
        _grouped = true;
    }

    /// <summary>Empties the chunk and gives its columns' arrays back to their pools (see <see cref="TouchpointRows.Release"/>).</summary>
    public void Release()
    {
        _rows.Release();
        _sourceOfRow.Clear();
        _grouped = true;
    }
}
