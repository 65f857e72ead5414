using System.Data.Common;

namespace ProfileUnifier.Query.Output;

/// <summary>Streams a result as RFC 4180 CSV: a header row, fields quoted when they hold a comma, quote or line break.</summary>
public static class CsvResultWriter
{
    public static long Write(DbDataReader reader, TextWriter output)
    {
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
