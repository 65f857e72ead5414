using System.Globalization;
using ProfileUnifier.Lake.Tables;
using ProfileUnifier.Query;

namespace ProfileUnifier.Cli;

/// <summary>Why the lines of some input files were rejected: the commonest reasons with a count and an example, from the lake's rejected table.</summary>
internal static class RejectedReasons
{
    public static IEnumerable<string> Of(string lake, IEnumerable<string> files, int top = 5)
    {
        using var database = LakeDatabase.Open(lake);
        if (!database.Has(TableNames.Rejected))
        {
            return [];
        }

        var rows = database.Rows(
            $"SELECT reason_code, count(*) AS lines, min(reason) FROM {TableNames.Rejected} WHERE list_contains($files, file) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $top",
            ("files", files.ToArray()), ("top", top));
        return rows.Select(r => $"{r[0]}: {Convert.ToInt64(r[1], CultureInfo.InvariantCulture):N0} lines, e.g. {r[2]}");
    }
}
