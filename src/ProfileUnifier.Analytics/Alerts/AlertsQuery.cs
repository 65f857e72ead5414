using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;
using static ProfileUnifier.Analytics.Lake.SqlValues;

namespace ProfileUnifier.Analytics.Alerts;

/// <summary>The alerts table as the last <c>rank</c> left it, and the last day alerts were evaluated for.</summary>
public static class AlertsQuery
{
    public static (IReadOnlyList<Alert> Alerts, DateOnly? LastEvaluated) Read(LakeDatabase lake)
    {
        var alerts = !lake.Has(TableNames.Alerts) ? [] : lake.Read($"""
            SELECT alert_id, kind, level, account_id, profile_id, episode, epoch_us(opened_at), epoch_us(closed_at), severity, evidence, message
            FROM {TableNames.Alerts}
            """, reader =>
        {
            var list = new List<Alert>();
            while (reader.Read())
            {
                var (kind, severity) = (reader.GetString(1), reader.GetString(8));
                if (!WireNames.TryParseWire<AlertKind>(kind, out var k) || !WireNames.TryParseWire<AlertSeverity>(severity, out var s))
                {
                    throw new InvalidDataException($"the alerts table has kind '{kind}' or severity '{severity}', which this version does not know");
                }

                list.Add(new Alert(reader.GetString(0), k, Text(reader, 2), Text(reader, 3), Text(reader, 4), reader.GetInt32(5),
                    Time(reader.GetInt64(6)), NullableTime(reader, 7), s, reader.GetString(9), reader.GetString(10)));
            }

            return list;
        });

        DateOnly? last = null;
        foreach (var a in alerts)
        {
            var day = DateOnly.FromDateTime(a.ClosedAt ?? a.OpenedAt);
            last = last is null || day > last ? day : last;
        }

        if (lake.Has(TableNames.PortfolioRisk) &&
            lake.Rows($"SELECT max(as_of) - DATE '0001-01-01' FROM {TableNames.PortfolioRisk}").Single()[0] is long ranked)
        {
            var day = DateOnly.FromDayNumber((int)ranked);
            last = last is null || day > last ? day : last;
        }

        return (alerts, last);
    }
}
