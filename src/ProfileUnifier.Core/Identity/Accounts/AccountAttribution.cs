using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// Which account each event belongs to, and each person's employers over time (DESIGN.md, "Accounts per event").
/// Derived state: recomputed from the clusters and signatures after each resolve, never stored.
/// <list type="number">
/// <item>A group of company keys is an account when an <c>account</c> block stated one of them (a CRM id, an INN,
/// a domain given there). A company key in no such group (a landline, a mailbox, a domain only seen in addresses)
/// takes the account its people agree on; else the one account whose name the blocks beside it gave; a domain
/// left over is an account of its own; anything else none.</item>
/// <item>An event's account: the one its block states; else the one its own company keys imply (role mailbox, then
/// work-email domain, then office line); else its person's employer at the event's time.</item>
/// <item>A person's employers: <see cref="EmploymentTimeline"/> over the evidence of the first two kinds.</item>
/// </list>
/// </summary>
internal sealed class AccountAttribution(
    NodeTable nodes,
    SignatureTable signatures,
    ClusterSet people,
    ClusterSet companies,
    IReadOnlyDictionary<int, AccountAttributesRecord> attributes,
    NamesBeside namesBeside,
    IdentityRules rules)
{
    private const int StatedWeight = 3, ImpliedWeight = 1;

    private int[] _sigProfile = [];
    private int[] _sigAccount = [];
    private AccountBasis[] _sigBasis = [];
    private bool[] _isAccount = [];
    private AccountEvidence[] _evidence = [];
    private readonly Dictionary<int, List<AccountEvidence>> _moreEvidence = [];
    /// <summary>The periods of the people with evidence for more than one account (one period when it overlaps).</summary>
    private readonly Dictionary<int, List<EmploymentPeriod>> _histories = [];
    private readonly Dictionary<int, int> _mapped = [];

    /// <summary>Each person's current employer (see <see cref="CurrentAccount"/>), for the last pass over every signature.</summary>
    private int[] _current = [];

    /// <summary>The domain node of each role mailbox, once there is one (nodes are never removed nor renumbered).</summary>
    private readonly Dictionary<int, int> _mailboxDomains = [];

    /// <summary>
    /// Names as <see cref="NamesBeside.Normal"/> makes them, by the name as given: every resolve compares the names given
    /// beside keys in no stated group (and those of accounts that changed, see <see cref="_accountNames"/>), and the same
    /// few thousand strings were split, joined and upper-cased again each time.
    /// </summary>
    private readonly Dictionary<string, string> _normalNames = new(StringComparer.Ordinal);

    /// <summary>
    /// The accounts' latest names in normal form, by cluster index, with the cluster they were taken from (one whose
    /// members changed has another members array); a cluster one of whose keys was given a name is forgotten
    /// (<see cref="NameChanged"/>). Going through every account's keys for its name at every resolve was a tenth of a
    /// resolve on a large state. Two maps, the last resolve's and this one's, so the accounts gone are dropped.
    /// </summary>
    private Dictionary<int, (ClusterInfo Cluster, string? Normal)> _accountNames = [];
    private Dictionary<int, (ClusterInfo Cluster, string? Normal)> _accountNamesBefore = [];
    private readonly List<int> _renamed = [];

    /// <summary>Company keys in no stated group, with the account they map to (-1: none).</summary>
    public IReadOnlyDictionary<int, int> MappedKeys => _mapped;

    public int ProfileOf(int sig) => _sigProfile[sig];

    public int AccountOf(int sig) => _sigAccount[sig];

    public AccountBasis BasisOf(int sig) => _sigBasis[sig];

    /// <summary>Whether the account cluster at this index is an account (not a lone landline or mailbox).</summary>
    public bool IsAccount(int cluster) => cluster >= 0 && cluster < _isAccount.Length && _isAccount[cluster];

    /// <summary>The account of a company key: its group's, or the one it maps to; -1 for none.</summary>
    public int AccountOfKey(int node)
    {
        var cluster = nodes.AccountCluster[node];
        return IsAccount(cluster) ? cluster : _mapped.GetValueOrDefault(node, -1);
    }

    /// <summary>A person's current employer (the latest period); -1 for none.</summary>
    public int CurrentAccount(int profile) =>
        _histories.TryGetValue(profile, out var history) ? history[^1].Account : _evidence[profile].Events > 0 ? _evidence[profile].Account : -1;

    /// <summary>The person's periods when they worked for more than one account over time; null otherwise.</summary>
    public IReadOnlyList<EmploymentPeriod>? History(int profile) =>
        _histories.TryGetValue(profile, out var history) && history.Count > 1 ? history : null;

    /// <summary>The people who worked for more than one account over time.</summary>
    public IEnumerable<int> ProfilesWithHistory => _histories.Where(h => h.Value.Count > 1).Select(h => h.Key);

    /// <summary>Every period of a person (one for most), empty when no account evidence.</summary>
    public IReadOnlyList<EmploymentPeriod> Periods(int profile)
    {
        if (_histories.TryGetValue(profile, out var history))
        {
            return history;
        }

        var e = _evidence[profile];
        return e.Events == 0 ? [] : [new EmploymentPeriod(e.Account, long.MinValue, long.MaxValue, e.First, e.Last, e.Events, e.FirstSignature)];
    }

    /// <summary>The person's employer at a time; -1 for none.</summary>
    public int AccountAt(int profile, long ticks)
    {
        if (History(profile) is not { } history)
        {
            return CurrentAccount(profile);
        }

        foreach (var period in history)
        {
            if (period.Contains(ticks))
            {
                return period.Account;
            }
        }

        return history[^1].Account;
    }

    /// <summary>Tells that an account block gave this company key a name later than the one it had (the same or another).</summary>
    public void NameChanged(int node) => _renamed.Add(node);

    public long ApproximateBytes() =>
        (_sigProfile.Length * 9L) + _isAccount.Length + (_evidence.Length * 32L) + (_current.Length * 4L) +
        ((_moreEvidence.Count + _histories.Count + _mapped.Count + _normalNames.Count + _accountNames.Count + _mailboxDomains.Count) * 100L);

    public void Compute()
    {
        Prepare();
        MarkStatedGroups();
        var votes = new List<(int Node, int Sig)>();
        var pending = new List<int>();
        // A page of the signature columns at a time: read in order, not through the paged indexer for every signature.
        for (var first = 0; first < signatures.Count; first += Column<int>.PageSize)
        {
            var starts = signatures.EntryStart.Page(first >> Column<int>.PageShift);
            var counts = signatures.EntryCount.Page(first >> Column<byte>.PageShift);
            var n = Math.Min(Column<int>.PageSize, signatures.Count - first);
            for (var i = 0; i < n; i++)
            {
                AttributeOwnEvidence(first + i, starts[i], counts[i], votes, pending);
            }
        }

        BuildHistories(null);
        MapUnstatedKeys(votes);
        var touched = new HashSet<int>();
        foreach (var sig in pending)
        {
            AttributeMappedKeys(sig, touched);
        }

        BuildHistories(touched);
        CurrentAccounts();
        for (var sig = 0; sig < signatures.Count; sig++)
        {
            AttributeToPerson(sig);
        }
    }

    /// <summary>An event with no company key of its own goes to its person's employer (the one of its time, see AccountAt).</summary>
    private void AttributeToPerson(int sig)
    {
        if (_sigBasis[sig] == AccountBasis.None && _sigProfile[sig] >= 0 && _current[_sigProfile[sig]] is var own and >= 0)
        {
            (_sigAccount[sig], _sigBasis[sig]) = (own, AccountBasis.Person);
        }
    }

    /// <summary><see cref="CurrentAccount"/> of every person, once the histories are built: once a person, not once a signature.</summary>
    private void CurrentAccounts()
    {
        Grow(ref _current, people.Capacity);
        for (var profile = 0; profile < people.Capacity; profile++)
        {
            _current[profile] = CurrentAccount(profile);
        }
    }

    private void Prepare()
    {
        Grow(ref _sigProfile, signatures.Count);
        Grow(ref _sigAccount, signatures.Count);
        Grow(ref _sigBasis, signatures.Count);
        Grow(ref _isAccount, companies.Capacity);
        Grow(ref _evidence, people.Capacity);
        foreach (var node in _renamed)
        {
            if (nodes.AccountCluster[node] is var cluster and >= 0)
            {
                _accountNames.Remove(cluster);
            }
        }

        _renamed.Clear();
        Array.Clear(_isAccount);
        Array.Clear(_evidence);
        _moreEvidence.Clear();
        _histories.Clear();
        _mapped.Clear();
    }

    private void MarkStatedGroups()
    {
        foreach (var (index, cluster) in companies.Live())
        {
            foreach (var m in cluster.Members)
            {
                if (nodes.Kind[m].IsStatable() && (nodes.Kind[m] != IdentifierKind.Domain || (nodes.Flags[m] & NodeFlags.Stated) != 0))
                {
                    _isAccount[index] = true;
                    break;
                }
            }
        }
    }

    /// <summary>The account an event's block states, else the one its own company keys in stated groups imply.</summary>
    private void AttributeOwnEvidence(int sig, int start, int count, List<(int Node, int Sig)> votes, List<int> pending)
    {
        int profile = -1, stated = -1, statedKind = int.MaxValue, implied = -1, impliedRank = int.MaxValue;
        var unstated = false;
        for (var i = 0; i < count; i++)
        {
            var entry = signatures.EntryAt(start + i);
            var node = entry >> 1;
            var kind = nodes.Kind[node];
            if (kind.IsPersonLevel() && profile < 0 && nodes.PersonCluster[node] >= 0)
            {
                profile = nodes.PersonCluster[node];
            }

            var cluster = nodes.AccountCluster[node];
            if (cluster < 0)
            {
                continue;
            }

            if ((entry & 1) != 0 && kind.IsStatable())
            {
                if ((int)kind < statedKind)
                {
                    (stated, statedKind) = (cluster, (int)kind);
                }
            }
            else if (_isAccount[cluster])
            {
                if (ImpliedRank(kind) < impliedRank)
                {
                    (implied, impliedRank) = (cluster, ImpliedRank(kind));
                }
            }
            else
            {
                unstated = true;
            }
        }

        _sigProfile[sig] = profile;
        var account = stated >= 0 ? stated : implied;
        _sigAccount[sig] = account;
        _sigBasis[sig] = stated >= 0 ? AccountBasis.Stated : implied >= 0 ? AccountBasis.Implied : AccountBasis.None;
        if (account >= 0 && profile >= 0)
        {
            AddEvidence(profile, account, sig, stated >= 0 ? StatedWeight : ImpliedWeight);
        }

        if (!unstated)
        {
            return;
        }

        if (account < 0)
        {
            pending.Add(sig);
        }

        if (profile >= 0)
        {
            for (var i = 0; i < count; i++)
            {
                var node = signatures.EntryAt(start + i) >> 1;
                if (nodes.AccountCluster[node] is var c and >= 0 && !_isAccount[c])
                {
                    votes.Add((node, sig));
                }
            }
        }
    }

    /// <summary>
    /// A company key outside every stated group takes the account its people worked for when they used it, if
    /// they all agree; else the one account the blocks beside it name; a domain left over is an account of its own;
    /// a role mailbox is its domain's (none when its domain has none).
    /// </summary>
    private void MapUnstatedKeys(List<(int Node, int Sig)> votes)
    {
        const int Disagree = -2;
        foreach (var (node, sig) in votes)
        {
            var account = AccountAt(_sigProfile[sig], signatures.LastSeen[sig]);
            if (account < 0)
            {
                continue;
            }

            _mapped[node] = _mapped.TryGetValue(node, out var before) && before != account ? Disagree : account;
        }

        var mailboxes = new List<int>();
        var promoted = new List<ClusterInfo>();
        Dictionary<string, int>? byName = null;
        foreach (var (index, cluster) in companies.Live())
        {
            if (_isAccount[index])
            {
                continue;
            }

            foreach (var node in cluster.Members)
            {
                if (nodes.Kind[node] == IdentifierKind.RoleEmail)
                {
                    mailboxes.Add(node);
                    continue;
                }

                var vote = _mapped.GetValueOrDefault(node, Disagree);
                if (vote == Disagree && namesBeside.All.GetValueOrDefault(node) is { } given && (byName ??= AccountsByName()).TryGetValue(Normal(given), out var named) && named >= 0)
                {
                    vote = named;
                }

                if (vote == Disagree && nodes.Kind[node] == IdentifierKind.Domain)
                {
                    if (!_isAccount[index])
                    {
                        promoted.Add(cluster);
                    }

                    _isAccount[index] = true;
                    vote = index;
                }

                _mapped[node] = vote == Disagree ? -1 : vote;
            }
        }

        // A domain that became an account of its own is no longer a key mapped elsewhere, nor are the other keys of its
        // group (only the groups that were no account before this have keys in the map).
        foreach (var cluster in promoted)
        {
            foreach (var node in cluster.Members)
            {
                _mapped.Remove(node);
            }
        }

        // A role mailbox belongs to the company of its domain, whoever used it; to none when the domain is
        // ambiguous (a holding's): its users, of either company, say nothing about which.
        foreach (var mailbox in mailboxes)
        {
            _mapped[mailbox] = DomainOf(mailbox) is var domain and >= 0 ? AccountOfKey(domain) : -1;
        }
    }

    /// <summary>The node of a role mailbox's domain; -1 while there is none (looked up by value once found, not at every resolve).</summary>
    private int DomainOf(int mailbox)
    {
        if (_mailboxDomains.TryGetValue(mailbox, out var domain))
        {
            return domain;
        }

        var value = nodes.Value[mailbox];
        if (!nodes.TryFind(IdentifierKind.Domain, value.AsSpan(value.IndexOf('@', StringComparison.Ordinal) + 1), out domain))
        {
            return -1;
        }

        _mailboxDomains[mailbox] = domain;
        return domain;
    }

    /// <summary>The stated accounts by their latest name; -1 for a name two accounts have.</summary>
    private Dictionary<string, int> AccountsByName()
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        (_accountNames, _accountNamesBefore) = (_accountNamesBefore, _accountNames);
        _accountNames.Clear();
        foreach (var (index, cluster) in companies.Live())
        {
            if (_isAccount[index] && NormalNameOf(index, cluster) is { } normal)
            {
                byName[normal] = byName.ContainsKey(normal) ? -1 : index;
            }
        }

        return byName;
    }

    private string? NormalNameOf(int index, ClusterInfo cluster)
    {
        var normal = _accountNamesBefore.TryGetValue(index, out var known) && ReferenceEquals(known.Cluster.Members, cluster.Members)
            ? known.Normal
            : NameOf(index) is { } name ? Normal(name) : null;
        _accountNames[index] = (cluster, normal);
        return normal;
    }

    /// <summary>The latest name account blocks gave the keys of an account cluster.</summary>
    public string? NameOf(int account)
    {
        Graph.Stamped<string> latest = default;
        foreach (var m in companies[account].Members)
        {
            if (attributes.TryGetValue(m, out var record))
            {
                latest.Offer(record.Name);
            }
        }

        return latest.Value;
    }

    private string Normal(string name)
    {
        if (!_normalNames.TryGetValue(name, out var normal))
        {
            // Bounded: names of accounts that merged away or were renamed are dropped with the rest now and then.
            if (_normalNames.Count >= 1 << 16)
            {
                _normalNames.Clear();
            }

            _normalNames[name] = normal = NamesBeside.Normal(name);
        }

        return normal;
    }

    private void AttributeMappedKeys(int sig, HashSet<int> touched)
    {
        int implied = -1, impliedRank = int.MaxValue;
        for (var i = 0; i < signatures.EntryCount[sig]; i++)
        {
            var node = signatures.Entry(sig, i) >> 1;
            if (nodes.AccountCluster[node] >= 0 && AccountOfKey(node) is var account and >= 0 && ImpliedRank(nodes.Kind[node]) < impliedRank)
            {
                (implied, impliedRank) = (account, ImpliedRank(nodes.Kind[node]));
            }
        }

        if (implied < 0)
        {
            return;
        }

        (_sigAccount[sig], _sigBasis[sig]) = (implied, AccountBasis.Implied);
        if (_sigProfile[sig] is var profile and >= 0)
        {
            AddEvidence(profile, implied, sig, ImpliedWeight);
            touched.Add(profile);
        }
    }

    private static int ImpliedRank(IdentifierKind kind) => kind switch
    {
        IdentifierKind.RoleEmail => 0,
        IdentifierKind.Domain => 1,
        _ => 2,
    };

    private void AddEvidence(int profile, int account, int sig, int weight)
    {
        var (events, first, last) = (signatures.Events[sig], signatures.FirstSeen[sig], signatures.LastSeen[sig]);
        ref var slot = ref _evidence[profile];
        if (slot.Events == 0 || slot.Account == account)
        {
            if (slot.Events == 0)
            {
                slot = new AccountEvidence(account);
            }

            slot.Add(events, weight, first, last, sig, signatures);
            return;
        }

        if (!_moreEvidence.TryGetValue(profile, out var more))
        {
            _moreEvidence[profile] = more = [];
        }

        // A loop, not FindIndex with a lambda, whose closure was allocated at every call: for every signature at every
        // resolve (273 MB of garbage in a 5M-line ingest).
        var at = -1;
        for (var i = 0; i < more.Count && at < 0; i++)
        {
            if (more[i].Account == account)
            {
                at = i;
            }
        }

        if (at < 0)
        {
            more.Add(new AccountEvidence(account));
            at = more.Count - 1;
        }

        var entry = more[at];
        entry.Add(events, weight, first, last, sig, signatures);
        more[at] = entry;
    }

    /// <summary>Periods of the people with evidence for more than one account (all, or only <paramref name="only"/>).</summary>
    private void BuildHistories(HashSet<int>? only)
    {
        foreach (var (profile, more) in _moreEvidence)
        {
            if (only is not null && !only.Contains(profile))
            {
                continue;
            }

            var all = new List<AccountEvidence>(more.Count + 1) { _evidence[profile] };
            all.AddRange(more);
            _histories[profile] = EmploymentTimeline.Periods(all, a => companies.IdOf(a), rules.MinEventsForJobChange);
        }
    }

    /// <summary>Grows by an eighth beyond what is needed: these arrays are per signature and per person, and live.</summary>
    private static void Grow<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            array = new T[count + (count / 8)];
        }
    }
}
