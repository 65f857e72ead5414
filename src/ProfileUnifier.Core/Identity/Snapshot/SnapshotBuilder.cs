using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>Builds the snapshot tables in one pass over signatures, then one over each cluster set.</summary>
internal sealed class SnapshotBuilder(IdentityEngine engine)
{
    private readonly NodeTable _nodes = engine.Nodes;
    private readonly SignatureTable _signatures = engine.Signatures;
    private readonly AccountAttribution _attribution = engine.Attribution;

    // The ids of the live clusters by index, made once per build: an id is a hash of the anchor's value and a string, and
    // every signature and every identifier row asked for its person's and account's anew (800k of each at 5M lines).
    private string?[] _profileIds = [];
    private string?[] _accountIds = [];

    public IdentitySnapshot Build()
    {
        var people = engine.People;
        var companies = engine.Companies;
        (_profileIds, _accountIds) = (Ids(people), Ids(companies));
        // Every part only reads the engine: the identities (a row per identifier) and the signatures' columns are made beside
        // the rest, on the thread pool (at the end of a 5M-line ingest they took 0.8 of the build's 2.6 s).
        var identities = Task.Run(Identities);
        var signatures = Task.Run(Signatures);
        var profileStats = new ActivityStats[people.Capacity];
        var profileTraits = new SignatureTraits[people.Capacity];
        var accountStats = new ActivityStats[companies.Capacity];
        for (var sig = 0; sig < _signatures.Count; sig++)
        {
            var profile = _attribution.ProfileOf(sig);
            var account = _attribution.AccountOf(sig);
            if (profile >= 0)
            {
                (profileStats[profile] ??= new ActivityStats()).Add(_signatures, sig);
                _signatures.Traits.MergeInto(sig, ref profileTraits[profile]);
            }

            if (account >= 0)
            {
                (accountStats[account] ??= new ActivityStats()).Add(_signatures, sig);
            }
        }

        var contacts = new int[companies.Capacity];
        var profiles = new List<ProfileRow>(people.Count);
        var employments = new List<EmploymentRow>(people.Count);
        foreach (var (index, cluster) in people.Live())
        {
            var periods = _attribution.Periods(index);
            var account = periods.Count == 0 ? -1 : periods[^1].Account;
            if (account >= 0)
            {
                contacts[account]++;
            }

            var row = Profile(ProfileId(index), cluster, account >= 0 ? AccountId(account) : null, profileStats[index], profileTraits[index]);
            if (periods.Count > 1)
            {
                row = row with { PreviousAccountId = AccountId(periods[^2].Account), AccountSince = Utc(periods[^1].From) };
            }

            profiles.Add(row);
            for (var i = 0; i < periods.Count; i++)
            {
                var p = periods[i];
                employments.Add(new EmploymentRow(row.ProfileId, AccountId(p.Account), i == 0 ? null : Utc(p.From),
                    i == periods.Count - 1 ? null : Utc(p.To), Utc(p.FirstSeen), Utc(p.LastSeen), p.Events, i == periods.Count - 1));
            }
        }

        var (revenue, orders) = Revenue(companies.Capacity);
        var accounts = new List<AccountRow>(companies.Count);
        var mapped = MappedKeysByAccount();
        foreach (var (index, cluster) in companies.Live())
        {
            if (_attribution.IsAccount(index))
            {
                // The sum's scale is the largest of the amounts it went through, a replaced report's too: dividing by one
                // drops the trailing zeros, so the double it becomes does not depend on when a report was replaced.
                accounts.Add(Account(AccountId(index), cluster, mapped.GetValueOrDefault(index), contacts[index], (double)(revenue[index] / 1.000000000000000000000000000000000m),
                    orders[index], accountStats[index]));
            }
        }

        profiles.Sort((a, b) => string.CompareOrdinal(a.ProfileId, b.ProfileId));
        accounts.Sort((a, b) => string.CompareOrdinal(a.AccountId, b.AccountId));
        employments.Sort((a, b) => a.ProfileId != b.ProfileId
            ? string.CompareOrdinal(a.ProfileId, b.ProfileId)
            : Nullable.Compare(a.ValidFrom, b.ValidFrom));
        return new IdentitySnapshot(identities.GetAwaiter().GetResult(), profiles, accounts, signatures.GetAwaiter().GetResult(), employments,
            engine.Overrides.Rules);
    }

    /// <summary>
    /// The signatures' columns in id order (beside the rest, on the other core). Made in signature order and then sorted,
    /// rows and their ids lay scattered over the heap in the table's order: every pass of the refresh over them missed the
    /// cache row after row; as columns there are no rows to scatter (<see cref="SignatureColumns"/>).
    /// </summary>
    private SignatureColumns Signatures()
    {
        var (order, hashes, ids) = SignatureOrder();
        var profiles = new int[order.Length];
        var accounts = new int[order.Length];
        var events = new int[order.Length];
        var bases = new AccountBasis[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var sig = order[i];
            profiles[i] = _attribution.ProfileOf(sig);
            accounts[i] = _attribution.AccountOf(sig);
            events[i] = _signatures.Events[sig];
            bases[i] = _attribution.BasisOf(sig);
        }

        return new SignatureColumns(hashes, ids, profiles, accounts, events, bases, Complete(_profileIds, profiles, engine.People),
            Complete(_accountIds, accounts, engine.Companies));
    }

    /// <summary>
    /// The ids by cluster with every cluster the signatures name: the live ones are there already; any other gets its id in
    /// a copy (the build reads the shared array beside this).
    /// </summary>
    private static string?[] Complete(string?[] ids, int[] clusters, ClusterSet set)
    {
        string?[]? copy = null;
        foreach (var cluster in clusters)
        {
            if (cluster >= 0 && (copy ?? ids)[cluster] is null)
            {
                copy ??= (string?[])ids.Clone();
                copy[cluster] = set.IdOf(cluster);
            }
        }

        return copy ?? ids;
    }

    /// <summary>
    /// The signatures in the order of their ids, with their hashes in that order. A clear lake's id is the hash's 32 hex
    /// digits from the top, so the hashes sort the same: 160k ids compared as strings took 40-50 ms of a 10M-event lake's
    /// build, and the table keeps that order between builds (<see cref="SignatureTable.ByHash"/>). A pseudonymised lake's
    /// ids are keyed hashes of it, made first (returned in their order) and compared as they are.
    /// </summary>
    private (int[] Order, UInt128[] Hashes, string[]? Ids) SignatureOrder()
    {
        if (_nodes.IdKey is null)
        {
            var (byHash, sorted) = _signatures.ByHash();
            return (byHash, sorted, null);
        }

        var order = new int[_signatures.Count];
        var ids = new string[order.Length];
        for (var sig = 0; sig < order.Length; sig++)
        {
            order[sig] = sig;
            ids[sig] = engine.SignatureId(sig);
        }

        Array.Sort(ids, order, StringComparer.Ordinal);
        var hashes = new UInt128[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            hashes[i] = _signatures.Hash[order[i]];
        }

        return (order, hashes, ids);
    }

    /// <summary>
    /// Revenue and orders per account, each order on the account of its event at its time: the runs' totals by signature
    /// (a signature's orders one by one only where its account is its person's of the time and the person moved), then
    /// the reports taken since. decimal sums exactly, so revenue does not depend on the order orders arrived in, nor on
    /// a replaced report being taken out rather than never put in.
    /// </summary>
    private (decimal[] Revenue, int[] Orders) Revenue(int capacity)
    {
        var revenue = new decimal[capacity];
        var orders = new int[capacity];
        var totals = engine.Orders.ArchivedTotals();
        for (var sig = 0; sig < totals.Signatures; sig++)
        {
            var count = totals.Count(sig);
            if (count == 0)
            {
                continue;
            }

            if (_attribution.BasisOf(sig) == AccountBasis.Person && _attribution.History(_attribution.ProfileOf(sig)) is not null)
            {
                var ticks = totals.Ticks(sig);
                var amounts = totals.Amounts(sig);
                for (var i = 0; i < ticks.Length; i++)
                {
                    Add(AccountAt(sig, ticks[i]), (decimal)amounts[i], 1);
                }
            }
            else
            {
                Add(AccountAt(sig, 0), totals.Sum(sig), count);
            }
        }

        foreach (var (added, replaced) in engine.Orders.Changes())
        {
            if (replaced is { } old)
            {
                Add(AccountAt(old.Signature, old.Ticks), -(decimal)old.Amount, -1);
            }

            Add(AccountAt(added.Signature, added.Ticks), (decimal)added.Amount, 1);
        }

        return (revenue, orders);

        void Add(int account, decimal amount, int count)
        {
            if (account >= 0)
            {
                revenue[account] += amount;
                orders[account] += count;
            }
        }
    }

    /// <summary>The account an order of the signature at that time counts for.</summary>
    private int AccountAt(int sig, long ticks) =>
        _attribution.BasisOf(sig) == AccountBasis.Person ? _attribution.AccountAt(_attribution.ProfileOf(sig), ticks) : _attribution.AccountOf(sig);

    /// <summary>Company keys outside any stated group that map to an account (a landline its people agree on): listed with it.</summary>
    private Dictionary<int, List<int>> MappedKeysByAccount()
    {
        var byAccount = new Dictionary<int, List<int>>();
        foreach (var (node, account) in _attribution.MappedKeys)
        {
            if (account >= 0)
            {
                if (!byAccount.TryGetValue(account, out var list))
                {
                    byAccount[account] = list = [];
                }

                list.Add(node);
            }
        }

        return byAccount;
    }

    private ProfileRow Profile(string profileId, ClusterInfo cluster, string? accountId, ActivityStats? stats, in SignatureTraits traits)
    {
        var emails = new List<string>();
        var phones = new List<string>();
        var socials = new List<string>();
        string? crm = null, user = null;
        var anonymous = 0;
        foreach (var m in cluster.Members)
        {
            var value = _nodes.Value[m];
            switch (_nodes.Kind[m])
            {
                case IdentifierKind.Email: emails.Add(value); break;
                case IdentifierKind.Phone: phones.Add(value); break;
                case IdentifierKind.Social: socials.Add(value); break;
                case IdentifierKind.CrmContactId: crm = value; break;
                case IdentifierKind.UserId: user = value; break;
                default: anonymous++; break;
            }
        }

        emails.Sort(StringComparer.Ordinal);
        phones.Sort(StringComparer.Ordinal);
        socials.Sort(StringComparer.Ordinal);
        // A profile whose identifiers always come second in their events (an address refused at one company,
        // seen only beside another person's cookie) has no events of its own: its times are its identifiers'.
        stats ??= new ActivityStats
        {
            First = cluster.Members.Min(m => _nodes.FirstSeen[m]),
            Last = cluster.Members.Max(m => _nodes.LastSeen[m]),
        };
        var pool = _signatures.Traits;
        return new ProfileRow(profileId, accountId, pool.Value(traits.FirstName), pool.Value(traits.LastName), pool.Value(traits.Title),
            pool.Value(traits.Role), emails, phones, crm, user, socials, anonymous, Utc(stats.First), Utc(stats.Last),
            stats.Events, stats.BySource);
    }

    private AccountRow Account(string accountId, ClusterInfo cluster, List<int>? mappedKeys, int contacts, double revenue, int orders, ActivityStats? stats)
    {
        string? crm = null, inn = null;
        var domains = new List<int>();
        var phones = new List<string>();
        var attributes = new AccountAttributesRecord();
        foreach (var m in cluster.Members.Concat(mappedKeys ?? []))
        {
            switch (_nodes.Kind[m])
            {
                case IdentifierKind.CrmAccountId: crm = _nodes.Value[m]; break;
                case IdentifierKind.Inn: inn = _nodes.Value[m]; break;
                case IdentifierKind.Domain: domains.Add(m); break;
                case IdentifierKind.OfficePhone or IdentifierKind.Phone: phones.Add(_nodes.Value[m]); break;
                default: break;
            }

            if (engine.AccountAttributes.TryGetValue(m, out var record))
            {
                attributes.Merge(record);
            }
        }

        // The main domain is the one seen in most events.
        domains.Sort((a, b) => _nodes.Events[a] != _nodes.Events[b]
            ? _nodes.Events[b].CompareTo(_nodes.Events[a])
            : string.CompareOrdinal(_nodes.Value[a], _nodes.Value[b]));
        var domainValues = domains.Select(d => _nodes.Value[d]).ToList();
        phones.Sort(StringComparer.Ordinal);
        return new AccountRow(accountId, crm, inn, domainValues.FirstOrDefault(), domainValues, phones,
            attributes.Name.Value, attributes.Industry.Value, attributes.Region.Value, attributes.Employees.Value,
            contacts, revenue, orders, stats is null ? null : Utc(stats.First), stats is null ? null : Utc(stats.Last),
            stats?.Events ?? 0);
    }

    private List<IdentityRow> Identities()
    {
        var rows = new List<IdentityRow>(_nodes.Count);
        for (var node = 0; node < _nodes.Count; node++)
        {
            var kind = _nodes.Kind[node];
            var person = kind.IsPersonLevel();
            var personCluster = _nodes.PersonCluster[node];
            var account = _nodes.AccountCluster[node] >= 0 ? _attribution.AccountOfKey(node)
                : personCluster >= 0 ? _attribution.CurrentAccount(personCluster) : -1;
            var shared = person ? _nodes.IsPersonShared(node) : _nodes.IsAccountShared(node);
            rows.Add(new IdentityRow(kind.WireName(), _nodes.Value[node], person ? "person" : "account",
                personCluster >= 0 ? ProfileId(personCluster) : null,
                account >= 0 ? AccountId(account) : null,
                shared, shared ? SharedReason(node, person) : null,
                Utc(_nodes.FirstSeen[node]), Utc(_nodes.LastSeen[node]), _nodes.Events[node]));
        }

        rows.Sort((a, b) =>
        {
            var byType = string.CompareOrdinal(a.IdentifierType, b.IdentifierType);
            return byType != 0 ? byType : string.CompareOrdinal(a.IdentifierValue, b.IdentifierValue);
        });
        return rows;
    }

    private string? SharedReason(int node, bool person) =>
        engine.Overrides.NeverLinkRule(_nodes.Kind[node], _nodes.Value[node]) is { } rule
            ? $"override: {rule}"
            : _nodes.SharedReason(node, person, engine.Rules.MaxEmailsPerIdentifier);

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private string ProfileId(int cluster) => _profileIds[cluster] ?? engine.People.IdOf(cluster);

    private string AccountId(int cluster) => _accountIds[cluster] ?? engine.Companies.IdOf(cluster);

    private static string?[] Ids(ClusterSet clusters)
    {
        var ids = new string?[clusters.Capacity];
        foreach (var (index, cluster) in clusters.Live())
        {
            ids[index] = clusters.IdOf(cluster);
        }

        return ids;
    }
}
