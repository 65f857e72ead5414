namespace ProfileUnifier.Core.Evaluation;

/// <summary>
/// How well events were resolved, against known truth. Pairwise measures over events:
/// precision = of the event pairs put in one profile, the share that are one person;
/// recall = of the pairs that are linkable at all (same person, connected by identifiers only that person
/// uses), the share put in one profile. Accounts: a true company's account is the one holding most of its
/// events; account accuracy = of the events given an account, the share given their company's account, when that
/// account stands for their company (holds mostly its events): an event on a split-off fragment of its company,
/// on another company's account, or on an account two companies share, is wrong. A company is
/// fragmented when more than one account stands for it (holds mostly its events); an account mixes companies
/// when another company holds at least <see cref="MixingShare"/> of its events.
/// </summary>
public sealed record ResolutionQuality(
    long Events,
    double Precision,
    double Recall,
    double AccountAccuracy,
    double AccountCoverage,
    long PredictedPairs,
    long LinkablePairs,
    int Profiles,
    int People,
    int Accounts,
    int Companies,
    int FragmentedCompanies,
    int MixingAccounts)
{
    /// <summary>The share of an account's events from a second company that makes it a mix of two companies.</summary>
    public const double MixingShare = 0.10;

    /// <summary>The share of companies (with events given an account) that more than one account stands for.</summary>
    public double Fragmentation => Companies == 0 ? 0 : (double)FragmentedCompanies / Companies;

    public static ResolutionQuality Compute(IEnumerable<(string? Profile, string? Account, TruthRecord Truth)> events)
    {
        var byProfile = new Dictionary<string, long>(StringComparer.Ordinal);
        var byProfilePerson = new Dictionary<(string, string), long>();
        var byGroup = new Dictionary<string, long>(StringComparer.Ordinal);
        var byGroupProfile = new Dictionary<(string, string), long>();
        var byAccountCompany = new Dictionary<(string Account, string Company), long>();
        var people = new HashSet<string>(StringComparer.Ordinal);
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
                Increment(byAccountCompany, (account, truth.Account));
            }
        }

        var accounts = AccountFigures(byAccountCompany);
        var predictedPairs = byProfile.Values.Sum(Pairs);
        var truePairs = byProfilePerson.Values.Sum(Pairs);
        var linkablePairs = byGroup.Values.Sum(Pairs);
        var linkedPairs = byGroupProfile.Values.Sum(Pairs);
        return new ResolutionQuality(
            total,
            predictedPairs == 0 ? 1 : (double)truePairs / predictedPairs,
            linkablePairs == 0 ? 1 : (double)linkedPairs / linkablePairs,
            withAccount == 0 ? 1 : (double)accounts.Right / withAccount,
            total == 0 ? 1 : (double)withAccount / total,
            predictedPairs,
            linkablePairs,
            byProfile.Count,
            people.Count,
            accounts.Accounts,
            accounts.Companies,
            accounts.Fragmented,
            accounts.Mixing);
    }

    private static (long Right, int Accounts, int Companies, int Fragmented, int Mixing) AccountFigures(
        Dictionary<(string Account, string Company), long> counts)
    {
        // Each company's account: the one with most of its events (ties to the smaller id); each account's company likewise.
        var main = new Dictionary<string, (string Account, long Events)>(StringComparer.Ordinal);
        var standsFor = new Dictionary<string, (string Company, long Events, long Total)>(StringComparer.Ordinal);
        foreach (var ((account, company), n) in counts.OrderBy(c => c.Key.Account, StringComparer.Ordinal).ThenBy(c => c.Key.Company, StringComparer.Ordinal))
        {
            if (!main.TryGetValue(company, out var best) || n > best.Events)
            {
                main[company] = (account, n);
            }

            var stands = standsFor.GetValueOrDefault(account, (company, 0, 0));
            standsFor[account] = n > stands.Events ? (company, n, stands.Total + n) : stands with { Total = stands.Total + n };
        }

        long right = 0;
        var mixing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((account, company), n) in counts)
        {
            if (main[company].Account == account && standsFor[account].Company == company)
            {
                right += n;
            }

            if (standsFor[account].Company != company && n >= MixingShare * standsFor[account].Total)
            {
                mixing.Add(account);
            }
        }

        var fragmented = standsFor.Values.GroupBy(s => s.Company, StringComparer.Ordinal).Count(g => g.Count() > 1);
        return (right, standsFor.Count, main.Count, fragmented, mixing.Count);
    }

    private static long Pairs(long n) => n * (n - 1) / 2;

    private static void Increment<TKey>(Dictionary<TKey, long> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
