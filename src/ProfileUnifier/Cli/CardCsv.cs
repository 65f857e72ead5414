using ProfileUnifier.Query.Output;
using ProfileUnifier.Query.Profiles;

namespace ProfileUnifier.Cli;

/// <summary>A card's timeline as CSV for a spreadsheet: one row per touchpoint shown, ISO 8601 times.</summary>
internal static class CardCsv
{
    public static void Write(Card card, TextWriter output)
    {
        output.Write("source,occurred_at,type,person,what,event_id\r\n");
        foreach (var source in card.Timeline)
        {
            foreach (var e in source.Latest)
            {
                output.Write(string.Join(',', new[] { source.Source, ValueText.Timestamp(e.OccurredAt), e.Type, e.Person ?? "", e.Summary, e.EventId }.Select(CsvResultWriter.Field)));
                output.Write("\r\n");
            }
        }
    }
}
