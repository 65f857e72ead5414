using ProfileUnifier.Lake.Delta;
using ProfileUnifier.Lake.Groups;
using ProfileUnifier.Lake.Reading;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Synthetic;
using Xunit;

namespace ProfileUnifier.Testing;

/// <summary>Assertions over a whole lake, read back through its Delta logs and, independently, with DuckDB.</summary>
public static class LakeAssert
{
    /// <summary>
    /// Every generated line is in exactly once: the lake's running totals match the generator's, each event is one
    /// touchpoint (no event_id twice), each malformed line one rejected row.
    /// </summary>
    public static void ExactlyOnce(string lake, GenerationSummary generated)
    {
        var version = LakeReader.ReadAsync(lake, CancellationToken.None).GetAwaiter().GetResult();
        var progress = LakeProgress.Of(version[TableNames.Touchpoints]!);
        Assert.Equal(new BatchCounts(generated.Lines, generated.Events, generated.Malformed, generated.Redeliveries), progress.Totals);
        using var duck = new DuckLake(lake);
        Assert.Equal(generated.Events, duck.Count(TableNames.Touchpoints));
        Assert.Equal(generated.Events, duck.Scalar<long>($"SELECT count(DISTINCT event_id) FROM {duck.Table(TableNames.Touchpoints)}"));
        Assert.Equal(generated.Malformed, duck.Count(TableNames.Rejected));
    }

    /// <summary>
    /// The identity tables (identities, profiles, accounts, employments, signatures) as text, every row in a fixed order: two lakes that
    /// resolved the same input the same way give the same text, however their batches were cut.
    /// </summary>
    public static string IdentityTables(string lake)
    {
        using var duck = new DuckLake(lake);
        var parts = new List<string>();
        foreach (var (table, order) in new[] { (TableNames.Identities, "identifier_type, identifier_value"), (TableNames.Profiles, "profile_id"), (TableNames.Accounts, "account_id"),
                     (TableNames.Employments, "profile_id, account_id, valid_from"), (TableNames.Signatures, "signature_id") })
        {
            foreach (var row in duck.Rows($"SELECT * FROM {duck.Table(table)} ORDER BY {order}"))
            {
                parts.Add(table + ": " + string.Join(" | ", row.Select(Text)));
            }
        }

        return string.Join('\n', parts);

        static string Text(object? value) => value switch
        {
            null => "null",
            System.Collections.IEnumerable list and not string => "[" + string.Join(",", list.Cast<object>()) + "]",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };
    }
}
