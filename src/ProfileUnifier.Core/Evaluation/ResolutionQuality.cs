namespace ProfileUnifier.Core.Evaluation;

/// <summary>
/// How well events were resolved, against known truth. Pairwise measures over events:
/// precision = of the event pairs put in one profile, the share that are one person;
/// recall = of the pairs that are linkable at all (same person, connected by identifiers only that person
/// uses), the share put in one profile. Accounts: each resolved account stands for the true company most
/// of its events belong to; an event's account is right when it stands for the event's true company.
/// </summary>
public sealed record ResolutionQuality(
    long Events,
    double Precision,
    double Recall,
    double AccountPrecision,
    double AccountCoverage,
    long PredictedPairs,
    long LinkablePairs,
    int Profiles,
    int People)
{
    public static ResolutionQuality Compute(IEnumerable<(string? Profile, string? Account, TruthRecord Truth)> events)
    {
        var byProfile = new Dictionary<string, long>(StringComparer.Ordinal);
        var byProfilePerson = new Dictionary<(string, string), long>();
        var byGroup = new Dictionary<string, long>(StringComparer.Ordinal);
        var byGroupProfile = new Dictionary<(string, string), long>();
        var accountVotes = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var people = new HashSet<string>(StringComparer.Ordinal);
        var assigned = new List<(string Predicted, string True)>();
        long total = 0, withAccount = 0;
        foreach (var (profile, account, truth) in events)
        {
            total++;
            if (truth.Person is { } person)
            {
                people.Add(person);
                if (profile is not null)
                {
                    Increment(byProfile, profile);
                    Increment(byProfilePerson, (profile, person));
                }
            }

            if (truth.LinkableGroup is { } group)
            {
                Increment(byGroup, group);
                if (profile is not null)
                {
                    Increment(byGroupProfile, (group, profile));
                }
            }

            if (account is not null)
            {
                withAccount++;
                if (!accountVotes.TryGetValue(account, out var votes))
                {
                    accountVotes[account] = votes = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                Increment(votes, truth.Account);
                assigned.Add((account, truth.Account));
            }
        }

        var predictedPairs = byProfile.Values.Sum(Pairs);
        var truePairs = byProfilePerson.Values.Sum(Pairs);
        var linkablePairs = byGroup.Values.Sum(Pairs);
        var linkedPairs = byGroupProfile.Values.Sum(Pairs);
        var stands = accountVotes.ToDictionary(v => v.Key,
            v => v.Value.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key, StringComparer.Ordinal);
        var right = assigned.Count(a => stands[a.Predicted] == a.True);
        return new ResolutionQuality(
            total,
            predictedPairs == 0 ? 1 : (double)truePairs / predictedPairs,
            linkablePairs == 0 ? 1 : (double)linkedPairs / linkablePairs,
            assigned.Count == 0 ? 1 : (double)right / assigned.Count,
            total == 0 ? 1 : (double)withAccount / total,
            predictedPairs,
            linkablePairs,
            byProfile.Count,
            people.Count);
    }

    private static long Pairs(long n) => n * (n - 1) / 2;

    private static void Increment<TKey>(Dictionary<TKey, long> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
