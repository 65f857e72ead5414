using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Validation;

namespace ProfileUnifier.Bench.Workloads;

/// <summary>A data set's accepted, unique events with their normalised keys: the identity engine's input.</summary>
public static class ParsedEvents
{
    public static List<(IncomingEvent Event, IdentityKeys Keys)> Read(string path, IdentityRules rules)
    {
        var intake = new EventIntake(new EventParser(), new IdentifierNormalizer(rules));
        var seen = new RedeliveryFilter();
        var events = new List<(IncomingEvent, IdentityKeys)>();
        foreach (var line in File.ReadLines(path))
        {
            var result = intake.Read(System.Text.Encoding.UTF8.GetBytes(line));
            if (result.IsAccepted && seen.TryAccept(result.Event!.EventId))
            {
                events.Add((result.Event!, result.Keys!));
            }
        }

        return events;
    }
}
