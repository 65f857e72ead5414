using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>A data set's accepted, unique events with their normalised keys: the identity engine's input.</summary>
public static class ParsedEvents
{
    public static List<(IncomingEvent Event, IdentityKeys Keys)> Read(string path, IdentityRules rules) => [.. Stream(path, rules)];

    /// <summary>The same, one at a time: for a file whose parsed events would not fit in memory at once (row 12's 5M lines).</summary>
    public static IEnumerable<(IncomingEvent Event, IdentityKeys Keys)> Stream(string path, IdentityRules rules)
    {
        var intake = new EventIntake(new EventParser(), new IdentifierNormalizer(rules));
        var seen = new RedeliveryFilter();
        foreach (var line in File.ReadLines(path))
        {
            var result = intake.Read(System.Text.Encoding.UTF8.GetBytes(line));
            if (result.IsAccepted && seen.TryAccept(result.Event!.EventId))
            {
                yield return (result.Event!, result.Keys!);
            }
        }
    }
}
