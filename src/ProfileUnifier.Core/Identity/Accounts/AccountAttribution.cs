using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// Which account each event belongs to, and each person's employers over time (DESIGN.md, "Accounts per event").
/// Derived state: brought up to date from the clusters and signatures after each resolve, never stored. What a
/// signature's own keys say, and each person's evidence from them, is kept and made again only where the inputs changed
/// (see <see cref="Compute"/>); the rest is made afresh each time.
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

    /// <summary>
    /// Flags of a signature in <see cref="_sigFlags"/>: it has a company key in no stated group; its own keys imply no
    /// account; its own keys are to be read again; it had events since the last compute.
    /// </summary>
    private const byte Unstated = 1, NoOwnAccount = 2, Dirty = 4, Counted = 8;

    private int[] _sigProfile = [];
    /// <summary>The account its own keys give (stated or implied), else the one keys mapped in this resolve imply; -1 for none.</summary>
    private int[] _sigAccount = [];
    private AccountBasis[] _sigBasis = [];
    private byte[] _sigFlags = [];
    /// <summary>Signatures whose own keys were read (those after are new since the last compute).</summary>
    private int _known;
    /// <summary>The signatures read before that had events since the last compute (see <see cref="CountEvent"/>).</summary>
    private readonly List<int> _counted = [];
    /// <summary>The signatures with a company key in no stated group: those that vote, or take an account from such keys.</summary>
    private readonly HashSet<int> _unstatedSigs = [];

    /// <summary>Company clusters with a stated key (see <see cref="HasStatedKey"/>).</summary>
    private bool[] _stated = [];
    /// <summary>Company clusters that are accounts: the stated ones and domains that became accounts of their own.</summary>
    private bool[] _isAccount = [];

    /// <summary>The members array of each cluster slot at the last compute: one that is another now moved its nodes.</summary>
    private int[]?[] _peopleSeen = [], _companiesSeen = [];

    /// <summary>Evidence from the signatures' own keys, by person (the first account's, then the others' in a map).</summary>
    private AccountEvidence[] _evidence = [];
    private readonly Dictionary<int, List<AccountEvidence>> _moreEvidence = [];
    /// <summary>The periods from that evidence of the people with evidence for more than one account (one period when it overlaps).</summary>
    private readonly Dictionary<int, List<EmploymentPeriod>> _histories = [];

    /// <summary>
    /// The people some of whose signatures took an account from keys mapped in this compute: all their evidence (their
    /// own keys' first, then the mapped keys'), and their periods when it names more than one account.
    /// </summary>
    private readonly Dictionary<int, List<AccountEvidence>> _mappedEvidence = [];
    private readonly Dictionary<int, List<EmploymentPeriod>> _mappedHistories = [];

    private bool[] _dirtyProfile = [];
    private readonly List<int> _dirtyProfiles = [];
    private readonly List<int> _dirtySigs = [];
    private readonly Dictionary<int, int> _mapped = [];

    /// <summary>Each person's current employer (see <see cref="CurrentAccount(int)"/>), for the signatures whose account is their person's.</summary>
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

    /// <summary>The account of events with this signature: their own keys', else their person's employer's; -1 for none.</summary>
    public int AccountOf(int sig) => _sigBasis[sig] == AccountBasis.None && PersonAccount(sig) is var own and >= 0 ? own : _sigAccount[sig];

    public AccountBasis BasisOf(int sig) => _sigBasis[sig] == AccountBasis.None && PersonAccount(sig) >= 0 ? AccountBasis.Person : _sigBasis[sig];

    /// <summary>An event with no company key of its own goes to its person's employer (the current one).</summary>
    private int PersonAccount(int sig) => _sigProfile[sig] is var profile and >= 0 ? _current[profile] : -1;

    /// <summary>Whether the account cluster at this index is an account (not a lone landline or mailbox).</summary>
    public bool IsAccount(int cluster) => cluster >= 0 && cluster < _isAccount.Length && _isAccount[cluster];

    /// <summary>The account of a company key: its group's, or the one it maps to; -1 for none.</summary>
    public int AccountOfKey(int node)
    {
        var cluster = nodes.AccountCluster[node];
        return IsAccount(cluster) ? cluster : _mapped.GetValueOrDefault(node, -1);
    }

    /// <summary>A person's current employer (the latest period); -1 for none.</summary>
    public int CurrentAccount(int profile) => CurrentAccount(profile, ownKeysOnly: false);

    private int CurrentAccount(int profile, bool ownKeysOnly)
    {
        if (!ownKeysOnly && _mappedEvidence.TryGetValue(profile, out var all))
        {
            return _mappedHistories.TryGetValue(profile, out var periods) ? periods[^1].Account : all[0].Account;
        }

        return _histories.TryGetValue(profile, out var history) ? history[^1].Account : _evidence[profile].Events > 0 ? _evidence[profile].Account : -1;
    }

    /// <summary>The person's periods when they worked for more than one account over time; null otherwise.</summary>
    public IReadOnlyList<EmploymentPeriod>? History(int profile) => History(profile, ownKeysOnly: false);

    private List<EmploymentPeriod>? History(int profile, bool ownKeysOnly)
    {
        var histories = !ownKeysOnly && _mappedEvidence.ContainsKey(profile) ? _mappedHistories : _histories;
        return histories.TryGetValue(profile, out var history) && history.Count > 1 ? history : null;
    }

    /// <summary>The people who worked for more than one account over time.</summary>
    public IEnumerable<int> ProfilesWithHistory =>
        _histories.Where(h => h.Value.Count > 1 && !_mappedEvidence.ContainsKey(h.Key)).Concat(_mappedHistories.Where(h => h.Value.Count > 1)).Select(h => h.Key);

    /// <summary>Every period of a person (one for most), empty when no account evidence.</summary>
    public IReadOnlyList<EmploymentPeriod> Periods(int profile)
    {
        var mapped = _mappedEvidence.TryGetValue(profile, out var all);
        if ((mapped ? _mappedHistories : _histories).TryGetValue(profile, out var history))
        {
            return history;
        }

        var e = mapped ? all![0] : _evidence[profile];
        return e.Events == 0 ? [] : [new EmploymentPeriod(e.Account, long.MinValue, long.MaxValue, e.First, e.Last, e.Events, e.FirstSignature)];
    }

    /// <summary>The person's employer at a time; -1 for none.</summary>
    public int AccountAt(int profile, long ticks) => AccountAt(profile, ticks, ownKeysOnly: false);

    /// <param name="ownKeysOnly">From the evidence of the signatures' own keys only (what keys in no stated group are mapped by).</param>
    private int AccountAt(int profile, long ticks, bool ownKeysOnly)
    {
        if (History(profile, ownKeysOnly) is not { } history)
        {
            return CurrentAccount(profile, ownKeysOnly);
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

    /// <summary>Tells that an event with this signature was observed: its person's evidence is made again at the next compute.</summary>
    public void CountEvent(int sig)
    {
        if (sig < _known && (_sigFlags[sig] & Counted) == 0)
        {
            _sigFlags[sig] |= Counted;
            _counted.Add(sig);
        }
    }

    /// <summary>Tells that an account block gave this company key a name later than the one it had (the same or another).</summary>
    public void NameChanged(int node) => _renamed.Add(node);

    public long ApproximateBytes() =>
        (_sigProfile.Length * 10L) + (_isAccount.Length * 10L) + (_evidence.Length * 33L) + (_current.Length * 4L) + (_peopleSeen.Length * 8L) +
        ((_moreEvidence.Count + _histories.Count + _mappedEvidence.Count + _mapped.Count + _normalNames.Count + _accountNames.Count + _mailboxDomains.Count) * 100L);

    /// <summary>
    /// Brings the attribution up to date. What a signature's own keys say depends only on its nodes' clusters and whether
    /// each company cluster has a stated key, so it is read again only for new signatures and those of nodes whose cluster
    /// changed; a person's evidence from it is made again only when one of their signatures was read again or has more
    /// events. Reading every signature's keys at every resolve made attribution grow with the state: a quarter of the
    /// engine's thread at 5M lines (docs/performance.md).
    /// </summary>
    public void Compute()
    {
        Prepare();
        MarkChangedSignatures();
        foreach (var sig in _dirtySigs)
        {
            if (sig < _known)
            {
                MarkProfileDirty(_sigProfile[sig]);
            }

            ReadOwnKeys(sig);
            MarkProfileDirty(_sigProfile[sig]);
        }

        _dirtySigs.Clear();
        _known = signatures.Count;
        foreach (var sig in _counted)
        {
            _sigFlags[sig] &= unchecked((byte)~Counted);
            MarkProfileDirty(_sigProfile[sig]);
        }

        _counted.Clear();
        foreach (var profile in _dirtyProfiles)
        {
            _evidence[profile] = default;
            _moreEvidence.Remove(profile);
            _histories.Remove(profile);
        }

        // The evidence of the people whose signatures changed, in the order of the signatures (as it was made afresh).
        for (var first = 0; first < signatures.Count; first += Column<int>.PageSize)
        {
            var n = Math.Min(Column<int>.PageSize, signatures.Count - first);
            for (var sig = first; sig < first + n; sig++)
            {
                if ((_sigFlags[sig] & NoOwnAccount) == 0 && _sigProfile[sig] is var profile and >= 0 && _dirtyProfile[profile])
                {
                    AddEvidence(profile, _sigAccount[sig], sig, _sigBasis[sig] == AccountBasis.Stated ? StatedWeight : ImpliedWeight, null);
                }
            }
        }

        foreach (var profile in _dirtyProfiles)
        {
            _dirtyProfile[profile] = false;
            if (_moreEvidence.TryGetValue(profile, out var more))
            {
                _histories[profile] = EmploymentTimeline.Periods([_evidence[profile], .. more], a => companies.IdOf(a), rules.MinEventsForJobChange);
            }
        }

        var changed = new HashSet<int>(_dirtyProfiles);
        _dirtyProfiles.Clear();
        var (votes, pending) = UnstatedKeysUsed();
        Grow(ref _isAccount, companies.Capacity);
        _stated.AsSpan(0, companies.Capacity).CopyTo(_isAccount);
        MapUnstatedKeys(votes);
        changed.UnionWith(_mappedEvidence.Keys);
        _mappedEvidence.Clear();
        _mappedHistories.Clear();
        foreach (var sig in pending)
        {
            AttributeMappedKeys(sig);
        }

        foreach (var (profile, all) in _mappedEvidence)
        {
            changed.Add(profile);
            if (all.Count > 1)
            {
                _mappedHistories[profile] = EmploymentTimeline.Periods([.. all], a => companies.IdOf(a), rules.MinEventsForJobChange);
            }
        }

        foreach (var profile in changed)
        {
            _current[profile] = CurrentAccount(profile);
        }
    }

    private void MarkProfileDirty(int profile)
    {
        if (profile >= 0 && !_dirtyProfile[profile])
        {
            _dirtyProfile[profile] = true;
            _dirtyProfiles.Add(profile);
        }
    }

    /// <summary>
    /// Notes the signatures whose own keys are to be read again: the new ones, and those of every node of a cluster slot
    /// whose members changed (the nodes that left it, those that joined) or of a company cluster that gained or lost a
    /// stated key.
    /// </summary>
    private void MarkChangedSignatures()
    {
        // Stated is given to a key only with a new signature: the company clusters of those keys are looked at again.
        var restate = new HashSet<int>();
        for (var sig = _known; sig < signatures.Count; sig++)
        {
            MarkSignatureDirty(sig);
            for (var i = 0; i < signatures.EntryCount[sig]; i++)
            {
                var entry = signatures.Entry(sig, i);
                if (signatures.IsStatedEntry(entry, nodes) && nodes.AccountCluster[entry >> 1] is var cluster and >= 0)
                {
                    restate.Add(cluster);
                }
            }
        }

        GrowKeeping(ref _peopleSeen, people.Capacity);
        for (var slot = 0; slot < people.Capacity; slot++)
        {
            if (!ReferenceEquals(people[slot].Members, _peopleSeen[slot]))
            {
                MarkNodesDirty(_peopleSeen[slot]);
                MarkNodesDirty(_peopleSeen[slot] = people[slot].Members);
            }
        }

        GrowKeeping(ref _companiesSeen, companies.Capacity);
        GrowKeeping(ref _stated, companies.Capacity);
        for (var slot = 0; slot < companies.Capacity; slot++)
        {
            var members = companies[slot].Members;
            var moved = !ReferenceEquals(members, _companiesSeen[slot]);
            if (!moved && !restate.Contains(slot))
            {
                continue;
            }

            var stated = members is not null && HasStatedKey(members);
            if (moved)
            {
                MarkNodesDirty(_companiesSeen[slot]);
                MarkNodesDirty(_companiesSeen[slot] = members);
            }
            else if (stated != _stated[slot])
            {
                MarkNodesDirty(members);
            }

            _stated[slot] = stated;
        }
    }

    private void MarkNodesDirty(int[]? members)
    {
        foreach (var node in members ?? [])
        {
            for (var link = nodes.SigHead[node]; link >= 0; link = signatures.IncidenceNext(link))
            {
                MarkSignatureDirty(signatures.IncidenceSig(link));
            }
        }
    }

    private void MarkSignatureDirty(int sig)
    {
        if ((_sigFlags[sig] & Dirty) == 0)
        {
            _sigFlags[sig] |= Dirty;
            _dirtySigs.Add(sig);
        }
    }

    private void Prepare()
    {
        GrowKeeping(ref _sigProfile, signatures.Count);
        GrowKeeping(ref _sigAccount, signatures.Count);
        GrowKeeping(ref _sigBasis, signatures.Count);
        GrowKeeping(ref _sigFlags, signatures.Count);
        GrowKeeping(ref _evidence, people.Capacity);
        GrowKeeping(ref _dirtyProfile, people.Capacity);
        if (_current.Length < people.Capacity)
        {
            var before = _current.Length;
            GrowKeeping(ref _current, people.Capacity);
            _current.AsSpan(before).Fill(-1);
        }

        foreach (var node in _renamed)
        {
            if (nodes.AccountCluster[node] is var cluster and >= 0)
            {
                _accountNames.Remove(cluster);
            }
        }

        _renamed.Clear();
        _mapped.Clear();
    }

    /// <summary>Whether a company cluster has a key an account block states (a domain only once one did).</summary>
    private bool HasStatedKey(int[] members)
    {
        foreach (var m in members)
        {
            if (nodes.Kind[m].IsStatable() && (nodes.Kind[m] != IdentifierKind.Domain || (nodes.Flags[m] & NodeFlags.Stated) != 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The votes of the company keys in no stated group (each with the signature it was used in) and, in order, the
    /// signatures whose own keys imply no account but that have such a key.
    /// </summary>
    private (List<(int Node, int Sig)> Votes, List<int> Pending) UnstatedKeysUsed()
    {
        var votes = new List<(int Node, int Sig)>();
        var pending = new List<int>();
        var sigs = _unstatedSigs.ToArray();
        Array.Sort(sigs);
        foreach (var sig in sigs)
        {
            CollectVotes(sig, signatures.EntryStart[sig], signatures.EntryCount[sig], _sigProfile[sig], votes);
            if ((_sigFlags[sig] & NoOwnAccount) != 0)
            {
                pending.Add(sig);
            }
        }

        return (votes, pending);
    }

    /// <summary>A vote of each company key in no stated group of the signature: its person's employer when they used it.</summary>
    private void CollectVotes(int sig, int start, int count, int profile, List<(int Node, int Sig)> votes)
    {
        if (profile < 0)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var node = signatures.EntryAt(start + i) >> 1;
            if (nodes.AccountCluster[node] is var c and >= 0 && !_stated[c])
            {
                votes.Add((node, sig));
            }
        }
    }

    /// <summary>The account an event's block states, else the one its own company keys in stated groups imply.</summary>
    private void ReadOwnKeys(int sig)
    {
        var (start, count) = (signatures.EntryStart[sig], signatures.EntryCount[sig]);
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
            else if (_stated[cluster])
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
        _sigFlags[sig] = (byte)((_sigFlags[sig] & Counted) | (unstated ? Unstated : 0) | (account < 0 ? NoOwnAccount : 0));
        if (unstated)
        {
            _unstatedSigs.Add(sig);
        }
        else
        {
            _unstatedSigs.Remove(sig);
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
            var account = AccountAt(_sigProfile[sig], signatures.LastSeen[sig], ownKeysOnly: true);
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

    /// <summary>A signature whose own keys imply no account takes the one its keys mapped in this compute imply, if any.</summary>
    private void AttributeMappedKeys(int sig)
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

        (_sigAccount[sig], _sigBasis[sig]) = implied < 0 ? (-1, AccountBasis.None) : (implied, AccountBasis.Implied);
        if (implied >= 0 && _sigProfile[sig] is var profile and >= 0)
        {
            if (!_mappedEvidence.TryGetValue(profile, out var all))
            {
                // The person's evidence from their own keys first, in the order it was made, as one list.
                _mappedEvidence[profile] = all = _evidence[profile].Events > 0 ? [_evidence[profile]] : [];
                all.AddRange(_moreEvidence.GetValueOrDefault(profile) ?? []);
            }

            AddEvidence(profile, implied, sig, ImpliedWeight, all);
        }
    }

    private static int ImpliedRank(IdentifierKind kind) => kind switch
    {
        IdentifierKind.RoleEmail => 0,
        IdentifierKind.Domain => 1,
        _ => 2,
    };

    /// <summary>Adds a signature's evidence to its person's: to their own keys' evidence, or to <paramref name="all"/> (all of it, as one list).</summary>
    private void AddEvidence(int profile, int account, int sig, int weight, List<AccountEvidence>? all)
    {
        var (events, first, last) = (signatures.Events[sig], signatures.FirstSeen[sig], signatures.LastSeen[sig]);
        if (all is null)
        {
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

            if (!_moreEvidence.TryGetValue(profile, out all))
            {
                _moreEvidence[profile] = all = [];
            }
        }

        // A loop, not FindIndex with a lambda, whose closure was allocated at every call: for every signature at every
        // resolve (273 MB of garbage in a 5M-line ingest).
        var at = -1;
        for (var i = 0; i < all.Count && at < 0; i++)
        {
            if (all[i].Account == account)
            {
                at = i;
            }
        }

        if (at < 0)
        {
            all.Add(new AccountEvidence(account));
            at = all.Count - 1;
        }

        var entry = all[at];
        entry.Add(events, weight, first, last, sig, signatures);
        all[at] = entry;
    }

    /// <summary>Grows by an eighth beyond what is needed: these arrays are per signature and per person, and live.</summary>
    private static void Grow<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            array = new T[count + (count / 8)];
        }
    }

    /// <summary><see cref="Grow"/>, keeping what the array holds.</summary>
    private static void GrowKeeping<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            Array.Resize(ref array, count + (count / 8));
        }
    }
}
