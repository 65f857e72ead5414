namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// A person's employers over time from the account evidence of their events. Evidence for accounts whose
/// times overlap is one stretch at the best-evidenced account (someone buying for a sister company is not a
/// move); a stretch that begins after the previous one ended is a move to a new employer, when it has at least
/// <c>minEvents</c> events (one stray order is not a move). A function of the evidence only, so of the set of events.
/// </summary>
internal static class EmploymentTimeline
{
    public static List<EmploymentPeriod> Periods(List<AccountEvidence> evidence, Func<int, string> accountId, int minEvents)
    {
        evidence.Sort((a, b) => a.First != b.First ? a.First.CompareTo(b.First) : string.CompareOrdinal(accountId(a.Account), accountId(b.Account)));
        var stretches = new List<List<AccountEvidence>>();
        var end = long.MinValue;
        foreach (var e in evidence)
        {
            if (stretches.Count == 0 || e.First > end)
            {
                stretches.Add([]);
            }

            stretches[^1].Add(e);
            end = Math.Max(end, e.Last);
        }

        // A stretch too thin to be a job joins the one before it (the first joins the next).
        for (var i = 0; i < stretches.Count && stretches.Count > 1;)
        {
            if (stretches[i].Sum(e => e.Events) >= minEvents)
            {
                i++;
                continue;
            }

            var into = i > 0 ? i - 1 : 1;
            stretches[into].AddRange(stretches[i]);
            stretches.RemoveAt(i);
            i = 0;
        }

        var periods = new List<EmploymentPeriod>(stretches.Count);
        foreach (var stretch in stretches)
        {
            var best = stretch[0];
            foreach (var e in stretch)
            {
                if (e.Weight > best.Weight || (e.Weight == best.Weight && string.CompareOrdinal(accountId(e.Account), accountId(best.Account)) < 0))
                {
                    best = e;
                }
            }

            // An account's evidence is in one stretch only, so neighbouring stretches always name different accounts.
            periods.Add(new EmploymentPeriod(best.Account, periods.Count == 0 ? long.MinValue : stretch.Min(e => e.First), long.MaxValue,
                best.First, best.Last, best.Events, best.FirstSignature));
        }

        for (var i = 0; i + 1 < periods.Count; i++)
        {
            periods[i] = periods[i] with { To = periods[i + 1].From };
        }

        return periods;
    }
}
