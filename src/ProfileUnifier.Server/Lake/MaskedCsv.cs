using System.Data.Common;
using ProfileUnifier.Query.Output;

namespace ProfileUnifier.Server.Lake;

/// <summary>A CSV export as <see cref="CsvResultWriter"/> writes it, with identifier columns masked (a viewer's export).</summary>
internal static class MaskedCsv
{
    public static long Write(DbDataReader reader, TextWriter output)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        output.Write(string.Join(',', names.Select(CsvResultWriter.Field)));
        output.Write("\r\n");
        long rows = 0;
        while (reader.Read())
        {
            output.Write(string.Join(',', names.Select((n, i) => CsvResultWriter.Field(ValueText.Format(Masking.Column(n, ValueText.Cell(reader, i)))))));
            output.Write("\r\n");
            rows++;
        }

        return rows;
    }
}
