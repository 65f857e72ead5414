using System.Data.Common;

namespace ProfileUnifier.Query.Output;

/// <summary>Streams a result as RFC 4180 CSV: a header row, fields quoted when they hold a comma, quote or line break.</summary>
public static class CsvResultWriter
{
    /// <param name="bom">Start with U+FEFF (the UTF-8 byte-order mark once encoded), which spreadsheets take as "this is UTF-8".</param>
    public static long Write(DbDataReader reader, TextWriter output, bool bom = false)
    {
        if (bom)
        {
            output.Write('\uFEFF');
        }

        output.Write(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => Field(reader.GetName(i)))));
        output.Write("\r\n");
        long rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0)
                {
                    output.Write(',');
                }

                output.Write(Field(ValueText.Format(ValueText.Cell(reader, i))));
            }

            output.Write("\r\n");
            rows++;
        }

        return rows;
    }

    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
