using System.Security.Cryptography;
using System.Text;

namespace ProfileUnifier.Analytics.Alerts;

/// <summary>
/// Moves the alerts table forward to an as-of day: an open alert whose condition no longer holds closes, a
/// condition without an open alert opens a new episode, everything else stays as it was. Pure: the same table,
/// conditions and day give the same table, so re-running <c>rank</c> repeats nothing. Alerts only move forward:
/// a day before the table's last evaluation leaves it alone.
/// </summary>
public static class AlertBook
{
    public static AlertUpdate Update(IReadOnlyList<Alert> previous, IEnumerable<AlertCondition> conditions, DateOnly asOf, DateOnly? lastEvaluated)
    {
        if (lastEvaluated is { } last && asOf < last)
        {
            return new AlertUpdate(previous, [], Skipped: true);
        }

        var at = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var current = new Dictionary<AlertKey, AlertCondition>();
        foreach (var condition in conditions)
        {
            current.TryAdd(condition.Key, condition);
        }

        var table = new List<Alert>(previous.Count + current.Count);
        var changes = new List<AlertChange>();
        var open = new HashSet<AlertKey>();
        foreach (var alert in previous)
        {
            if (alert.IsOpen && !current.ContainsKey(alert.Key))
            {
                var closed = alert with { ClosedAt = at };
                table.Add(closed);
                changes.Add(new AlertChange(closed, AlertTransition.Closed));
                continue;
            }

            if (alert.IsOpen)
            {
                open.Add(alert.Key);
            }

            table.Add(alert);
        }

        var episodes = previous.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Max(a => a.Episode) + 1);
        foreach (var (key, condition) in current.OrderBy(c => Id(c.Key, 0), StringComparer.Ordinal))
        {
            if (open.Contains(key))
            {
                continue;
            }

            var episode = episodes.GetValueOrDefault(key);
            var alert = new Alert(Id(key, episode), key.Kind, key.Level, key.AccountId, key.ProfileId, episode, at, null, condition.Severity,
                condition.Evidence, condition.Message);
            table.Add(alert);
            changes.Add(new AlertChange(alert, AlertTransition.Opened));
        }

        table.Sort((a, b) => a.OpenedAt != b.OpenedAt ? a.OpenedAt.CompareTo(b.OpenedAt) : string.CompareOrdinal(a.AlertId, b.AlertId));
        return new AlertUpdate(table, changes, Skipped: false);
    }

    /// <summary>The alert id of a condition's episode: stable across runs, so a re-sent message replaces, not repeats.</summary>
    public static string Id(AlertKey key, int episode)
    {
        var text = $"{key.Kind.WireName()}\u001f{key.AccountId}\u001f{key.ProfileId}\u001f{key.Level}\u001f{episode}";
        return "al_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }
}

/// <summary>The alerts table after a run, the alerts that opened or closed in it, and whether the run left alerts alone.</summary>
public sealed record AlertUpdate(IReadOnlyList<Alert> Table, IReadOnlyList<AlertChange> Changes, bool Skipped)
{
    public int Open => Table.Count(a => a.IsOpen);
}

public sealed record AlertChange(Alert Alert, AlertTransition Transition);

public enum AlertTransition
{
    [WireName("opened")] Opened,
    [WireName("closed")] Closed,
}
