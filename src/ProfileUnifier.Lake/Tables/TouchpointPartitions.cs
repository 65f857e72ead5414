using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Lake.Tables;

/// <summary>Touchpoint rows grouped by the table's partitions: <c>source=…/date=…</c> (UTC date of occurred_at).</summary>
public sealed class TouchpointPartitions
{
    private readonly Dictionary<(EventSource Source, DateOnly Date), TouchpointRows> _partitions = [];

    public int Rows { get; private set; }

    public void Add(IncomingEvent e, IdentityKeys keys, int signature, string sourcePosition, DateTime ingestedAt, long txn)
    {
        var key = (e.Source, DateOnly.FromDateTime(e.OccurredAt.UtcDateTime));
        if (!_partitions.TryGetValue(key, out var rows))
        {
            _partitions[key] = rows = new TouchpointRows();
        }

        rows.Add(e, keys, signature, sourcePosition, ingestedAt, txn);
        Rows++;
    }

    /// <summary>Partitions in a fixed order, each with its folder under the table.</summary>
    public IEnumerable<(string Folder, TouchpointRows Rows)> Partitions =>
        _partitions.OrderBy(p => p.Key.Source).ThenBy(p => p.Key.Date)
            .Select(p => ($"source={p.Key.Source.WireName()}/date={p.Key.Date:yyyy-MM-dd}", p.Value));

    public void Resolve(Func<int, EventResolution> resolution)
    {
        foreach (var rows in _partitions.Values)
        {
            rows.Resolve(resolution);
        }
    }

    public void Clear()
    {
        _partitions.Clear();
        Rows = 0;
    }
}
