using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// Which account each event belongs to, and each person's employers over time (DESIGN.md, "Accounts per event").
/// Derived state: brought up to date from the clusters and signatures after each resolve, never stored. What a
/// signature's own keys say, each person's evidence, the keys' votes and the accounts taken from mapped keys are kept
/// and made again only where their inputs changed (see <see cref="Compute"/>).
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
internal sealed partial class AccountAttribution(
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

    /// <summary>Whether a compute ran: the first goes over every cluster slot.</summary>
    private bool _computed;

    /// <summary>
    /// The signatures read before that had events since the last compute, with their events then (see
    /// <see cref="CountEvent"/>).
    /// </summary>
    private readonly List<(int Sig, int EventsBefore)> _counted = [];

    /// <summary>Company clusters with a stated key (see <see cref="HasStatedKey"/>).</summary>
    private bool[] _stated = [];

    /// <summary>
    /// Company clusters in no stated group with a key other than a role mailbox: the mapping goes over their keys, in slot
    /// order. The role mailboxes alone in their group (most of the keys in no stated group) are kept apart (see
    /// AccountAttribution.Mailboxes.cs).
    /// </summary>
    private bool[] _mapsKeys = [];

    /// <summary>Company clusters that are accounts: the stated ones and domains that became accounts of their own.</summary>
    private bool[] _isAccount = [];

    /// <summary>The members array of each cluster slot at the last compute: one that is another now moved its nodes.</summary>
    private int[]?[] _peopleSeen = [], _companiesSeen = [];

    /// <summary>
    /// The anchor of each company cluster slot at the last compute. An account's id is made of its anchor, and the
    /// employment periods break ties by id: when one changes (a cluster re-anchored, or another in the slot), the people
    /// with evidence for that account and another are made again.
    /// </summary>
    private int[] _companyAnchors = [];
    private readonly HashSet<int> _reanchored = [];

    /// <summary>The same for the people: a person's id is made of their cluster's anchor, and so are their moves' keys.</summary>
    private int[] _peopleAnchors = [];
    private readonly List<int> _peopleReanchored = [];
    private HashSet<int> _periodsChanged = [];

    /// <summary>Each person's evidence (the first account's, then the others' in a map): their own keys', then their mapped keys'.</summary>
    private AccountEvidence[] _evidence = [];
    private readonly Dictionary<int, List<AccountEvidence>> _moreEvidence = [];
    /// <summary>The periods of the people with evidence for more than one account (one period when it overlaps).</summary>
    private readonly Dictionary<int, List<EmploymentPeriod>> _histories = [];

    /// <summary>
    /// The people whose evidence has some from keys mapped (not only their own keys'), and for those who have any, their
    /// own keys' evidence apart: what the votes of the keys in no stated group go by. A byte a person, and an entry only
    /// for people with both (most B2B people's accounts come from one or the other).
    /// </summary>
    private bool[] _withMapped = [];
    private readonly Dictionary<int, OwnEvidence> _ownEvidence = [];

    private bool[] _dirtyProfile = [];
    private readonly List<int> _dirtyProfiles = [];
    private readonly List<int> _dirtySigs = [];
    /// <summary>Company keys in no stated group, with the account they map to (-1: none; see AccountAttribution.Mapping.cs).</summary>
    private readonly Dictionary<int, int> _mapped = [];

    /// <summary>
    /// Each company key in no stated group that its people's employers vote for: the one account they all worked for when
    /// they used it, or <see cref="Disagree"/>; absent when no vote. Made again only for the keys of signatures that
    /// changed, had events, or whose person's evidence changed (see <see cref="NoteVoters"/>).
    /// </summary>
    private readonly Dictionary<int, int> _votes = [];
    private readonly HashSet<int> _voteDirty = [];
    private const int Disagree = -2;

    /// <summary>Each person's current employer (see <see cref="CurrentAccount(int)"/>), for the signatures whose account is their person's.</summary>
    private int[] _current = [];

    /// <summary>Company keys in no stated group, with the account they map to (-1: none).</summary>
    public IEnumerable<KeyValuePair<int, int>> MappedKeys => _mapped.Concat(_lonelyAccounts);

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
        return IsAccount(cluster) ? cluster : _mapped.TryGetValue(node, out var mapped) ? mapped : _lonelyAccounts.GetValueOrDefault(node, -1);
    }

    /// <summary>A person's current employer (the latest period); -1 for none.</summary>
    public int CurrentAccount(int profile) =>
        _histories.TryGetValue(profile, out var history) ? history[^1].Account : _evidence[profile].Events > 0 ? _evidence[profile].Account : -1;

    /// <summary>The person's periods when they worked for more than one account over time; null otherwise.</summary>
    public IReadOnlyList<EmploymentPeriod>? History(int profile) => HistoryOf(profile);

    private List<EmploymentPeriod>? HistoryOf(int profile) => _histories.TryGetValue(profile, out var history) && history.Count > 1 ? history : null;

    /// <summary>The people who worked for more than one account over time.</summary>
    public IEnumerable<int> ProfilesWithHistory => _histories.Where(h => h.Value.Count > 1).Select(h => h.Key);

    /// <summary>
    /// The people whose periods were made again in the last compute, or whose id changed (their cluster re-anchored):
    /// the only ones who can show a move not yet reported. Every person at the first compute.
    /// </summary>
    public IReadOnlyCollection<int> PeriodsChanged => _periodsChanged;

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
    public int AccountAt(int profile, long ticks) => AccountAt(HistoryOf(profile), CurrentAccount(profile), ticks);

    /// <summary><see cref="AccountAt(int, long)"/> by the person's own keys' evidence only (what the keys in no stated group are mapped by).</summary>
    private int OwnAccountAt(int profile, long ticks)
    {
        if (!_withMapped[profile])
        {
            return AccountAt(profile, ticks);
        }

        if (!_ownEvidence.TryGetValue(profile, out var own))
        {
            return -1;
        }

        return AccountAt(own.Periods is { Count: > 1 } periods ? periods : null, own.Periods is { } some ? some[^1].Account : own.Main.Account, ticks);
    }

    private static int AccountAt(List<EmploymentPeriod>? history, int current, long ticks)
    {
        if (history is null)
        {
            return current;
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

    /// <summary>
    /// Tells that an event with this signature was observed (after the signature table counted it): its person's evidence
    /// takes it at the next compute.
    /// </summary>
    public void CountEvent(int sig)
    {
        if (sig < _known && (_sigFlags[sig] & Counted) == 0)
        {
            _sigFlags[sig] |= Counted;
            _counted.Add((sig, signatures.Events[sig] - 1));
        }
    }

    public long ApproximateBytes() =>
        (_sigProfile.Length * 10L) + (_isAccount.Length * 10L) + (_evidence.Length * 34L) + (_current.Length * 4L) + (_peopleSeen.Length * 8L) +
        ((_moreEvidence.Count + _histories.Count + _ownEvidence.Count + _mapped.Count + _lonelyAccounts.Count + _votes.Count + _normalNames.Count + _statedNames.Count + _mailboxDomains.Count + _lonelyOfDomain.Count) * 100L);

    /// <summary>
    /// Brings the attribution up to date. What a signature's own keys say depends only on its nodes' clusters and whether
    /// each company cluster has a stated key, so it is read again only for new signatures and those of nodes whose cluster
    /// changed; a person's evidence from it is made again only when one of their signatures was read again or has more
    /// events (for most people, those events are added in place); a key's vote only when one of its signatures changed or
    /// its person's evidence did; a signature's account from mapped keys only when it was read again or one of its keys
    /// maps elsewhere now; a lone mailbox's account when its domain's changed; an account's name when its cluster changed
    /// or a key of it was given one; the other keys in no stated group are mapped again only in the groups whose slot,
    /// votes or names changed, or where the pass order decides (AccountAttribution.Mapping.cs). Reading every signature's
    /// keys at every resolve made attribution grow with the state: a quarter of the engine's thread at 5M lines
    /// (docs/performance.md).
    /// </summary>
    public void Compute()
    {
        Prepare();
        MarkChangedSignatures();
        // Signatures whose account from mapped keys is to be found again: those read again that have (or had) none of their own.
        var remap = new List<int>();
        foreach (var sig in _dirtySigs)
        {
            if (sig < _known)
            {
                MarkProfileDirty(_sigProfile[sig]);
                NoteVoters(sig);
            }

            ReadOwnKeys(sig);
            MarkProfileDirty(_sigProfile[sig]);
            remap.Add(sig);
        }

        _dirtySigs.Clear();
        _known = signatures.Count;
        foreach (var (sig, eventsBefore) in _counted)
        {
            _sigFlags[sig] &= unchecked((byte)~Counted);
            if (!TakeEventsInPlace(sig, eventsBefore))
            {
                MarkProfileDirty(_sigProfile[sig]);
            }
        }

        _counted.Clear();
        MarkReanchoredEvidence();
        RemakeOwnEvidence();
        // A person's employers changed (their signatures were read again, or one was seen later): the keys they used vote
        // again. A signature read again votes here for its new person; NoteVoters above dropped its old votes.
        foreach (var sig in UnstatedSignatures(_dirtyProfiles))
        {
            if (_sigProfile[sig] is var profile and >= 0 && _dirtyProfile[profile])
            {
                NoteVoters(sig);
            }
        }

        var affected = new HashSet<int>(_dirtyProfiles);
        foreach (var profile in _dirtyProfiles)
        {
            _dirtyProfile[profile] = false;
        }

        _dirtyProfiles.Clear();
        CountVotes();
        var changed = MapUnstatedKeys();
        MapLonelyMailboxes(changed);
        RemapChangedKeys(changed, remap);
        foreach (var sig in remap)
        {
            if ((_sigFlags[sig] & (Unstated | NoOwnAccount)) == (Unstated | NoOwnAccount))
            {
                var before = (_sigAccount[sig], _sigBasis[sig]);
                AttributeMappedKeys(sig);
                if (before != (_sigAccount[sig], _sigBasis[sig]) && _sigProfile[sig] >= 0)
                {
                    affected.Add(_sigProfile[sig]);
                }
            }
        }

        AddMappedEvidence(affected, UnstatedSignatures(affected));
        foreach (var profile in affected)
        {
            _current[profile] = CurrentAccount(profile);
        }

        affected.UnionWith(_peopleReanchored);
        _peopleReanchored.Clear();
        _periodsChanged = affected;

        _computed = true;
    }

    /// <summary>The changed people's evidence from their own keys, and its periods, made afresh.</summary>
    private void RemakeOwnEvidence()
    {
        foreach (var profile in _dirtyProfiles)
        {
            _evidence[profile] = default;
            _moreEvidence.Remove(profile);
            _histories.Remove(profile);
            _withMapped[profile] = false;
            _ownEvidence.Remove(profile);
        }

        if (ByScan(_dirtyProfiles.Count))
        {
            EvidenceFromEverySignature();
        }
        else
        {
            EvidenceFromTheirSignatures();
        }

        foreach (var profile in _dirtyProfiles)
        {
            if (_moreEvidence.TryGetValue(profile, out var more))
            {
                _histories[profile] = EmploymentTimeline.Periods([_evidence[profile], .. more], a => companies.IdOf(a), rules.MinEventsForJobChange);
            }
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
        GrowKeeping(ref _withMapped, people.Capacity);
        if (_current.Length < people.Capacity)
        {
            var before = _current.Length;
            GrowKeeping(ref _current, people.Capacity);
            _current.AsSpan(before).Fill(-1);
        }

        NoteRenamed();
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
    }

    /// <summary>What a signature's own account weighs in its person's evidence.</summary>
    private int OwnWeight(int sig) => _sigBasis[sig] == AccountBasis.Stated ? StatedWeight : ImpliedWeight;

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

    /// <summary>
    /// Grows by an eighth beyond what is needed, keeping what the array holds: these arrays are per signature, person or
    /// cluster, and live.
    /// </summary>
    private static void GrowKeeping<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            Array.Resize(ref array, count + (count / 8));
        }
    }
}
