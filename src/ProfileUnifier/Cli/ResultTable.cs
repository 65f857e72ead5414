using System.Data.Common;
using ProfileUnifier.Query.Output;
using Spectre.Console;

namespace ProfileUnifier.Cli;

/// <summary>Prints a query result as an aligned table, numbers right-aligned, at most <c>maxRows</c> rows.</summary>
internal static class ResultTable
{
    public static long Write(CliConsole console, DbDataReader reader, int maxRows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var column = new TableColumn(Markup.Escape(reader.GetName(i)));
            if (IsNumber(reader.GetFieldType(i)))
            {
                // A number is never broken across lines, however narrow the table gets.
                column.RightAligned().NoWrap();
            }

            table.AddColumn(column);
        }

        long rows = 0;
        var more = false;
        while (reader.Read())
        {
            if (maxRows > 0 && rows == maxRows)
            {
                more = true;
                break;
            }

            table.AddRow([.. Enumerable.Range(0, reader.FieldCount).Select(i => Markup.Escape(ValueText.Display(ValueText.Cell(reader, i))))]);
            rows++;
        }

        console.Ui.Write(table);
        console.Error.WriteLine(more
            ? $"({rows:N0} rows shown, more not shown: --max-rows 0 shows all, --format csv streams them)"
            : $"({rows:N0} {(rows == 1 ? "row" : "rows")})");
        return rows;
    }

    private static bool IsNumber(Type type) =>
        Type.GetTypeCode(Nullable.GetUnderlyingType(type) ?? type) is >= TypeCode.SByte and <= TypeCode.Decimal ||
        type == typeof(System.Numerics.BigInteger);
}
