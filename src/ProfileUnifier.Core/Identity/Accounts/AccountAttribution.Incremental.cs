using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// What <see cref="AccountAttribution.Compute"/> keeps between resolves, and how it finds what to make again: the
/// signatures whose clusters changed, the people whose signatures changed or had events, the keys whose votes or
/// mapping changed, and the signatures that take an account from those keys.
/// </summary>
internal sealed partial class AccountAttribution
{
    /// <summary>
    /// How the changed people's evidence is made, and their signatures with keys in no stated group found: from a pass
    /// over every signature (true), or over each person's keys' signatures (false); null: the pass when they are more
    /// than one signature in 64 (an ingest's resolves, a start), else each person's. Set by tests, to check both against
    /// an attribution made afresh.
    /// </summary>
    internal bool? EvidenceByScan { get; set; }

    /// <summary>The evidence of the people whose signatures changed, in the order of the signatures (as it was made afresh).</summary>
    private void EvidenceFromEverySignature()
    {
        for (var sig = 0; sig < signatures.Count; sig++)
        {
            if ((_sigFlags[sig] & NoOwnAccount) == 0 && _sigProfile[sig] is var profile and >= 0 && _dirtyProfile[profile])
            {
                AddEvidence(profile, _sigAccount[sig], sig, OwnWeight(sig));
            }
        }
    }

    /// <summary>
    /// <see cref="EvidenceFromEverySignature"/> from each changed person's signatures, found through their keys (a
    /// signature's person is the cluster of one of its keys): a small batch's resolve no longer goes over all.
    /// </summary>
    private void EvidenceFromTheirSignatures()
    {
        foreach (var sig in SignaturesOf(_dirtyProfiles, NoOwnAccount, 0))
        {
            AddEvidence(_sigProfile[sig], _sigAccount[sig], sig, OwnWeight(sig));
        }
    }

    /// <summary>Whether to go over every signature rather than the few people's (see <see cref="EvidenceByScan"/>).</summary>
    private bool ByScan(int profiles) => EvidenceByScan ?? profiles * 64L >= signatures.Count;

    /// <summary>The signatures of these people whose flags, masked, are <paramref name="value"/>, in order: found through their keys.</summary>
    private List<int> SignaturesOf(IEnumerable<int> profiles, byte mask, byte value)
    {
        var sigs = new List<int>();
        foreach (var profile in profiles)
        {
            foreach (var node in people[profile].Members ?? [])
            {
                for (var link = nodes.SigHead[node]; link >= 0; link = signatures.IncidenceNext(link))
                {
                    var sig = signatures.IncidenceSig(link);
                    if (_sigProfile[sig] == profile && (_sigFlags[sig] & mask) == value)
                    {
                        sigs.Add(sig);
                    }
                }
            }
        }

        // A signature has several keys of its person: once each.
        return SortDistinct(sigs);
    }

    /// <summary>
    /// Adds the events a signature had since the last compute to its person's evidence, when that is all that changes:
    /// the signature was not read again, and the person has one account, from their own keys only (most people; their
    /// periods and the votes of their keys stay as they were). Evidence only grows (events, last seen; first seen only
    /// earlier), so adding the difference gives what making it afresh would. False when the person's evidence is to be
    /// made again instead.
    /// </summary>
    private bool TakeEventsInPlace(int sig, int eventsBefore)
    {
        var profile = _sigProfile[sig];
        if (profile < 0 || _dirtyProfile[profile])
        {
            return true;
        }

        if (_withMapped[profile] || _moreEvidence.ContainsKey(profile))
        {
            return false;
        }

        if ((_sigFlags[sig] & NoOwnAccount) != 0)
        {
            return true;
        }

        ref var evidence = ref _evidence[profile];
        if (evidence.Events == 0 || evidence.Account != _sigAccount[sig])
        {
            return false;
        }

        evidence.Add(signatures.Events[sig] - eventsBefore, OwnWeight(sig), signatures.FirstSeen[sig], signatures.LastSeen[sig], sig, signatures);
        return true;
    }

    /// <summary>
    /// Marks the people with evidence for an account whose id changed (its cluster re-anchored): their periods break ties
    /// by account id.
    /// </summary>
    private void MarkReanchoredEvidence()
    {
        if (_reanchored.Count == 0)
        {
            return;
        }

        foreach (var (profile, more) in _moreEvidence)
        {
            var names = _reanchored.Contains(_evidence[profile].Account);
            for (var i = 0; i < more.Count && !names; i++)
            {
                names = _reanchored.Contains(more[i].Account);
            }

            if (names)
            {
                MarkProfileDirty(profile);
            }
        }

        _reanchored.Clear();
    }

    /// <summary>Notes the company keys of a signature in no stated group (before it is read again): their votes are counted again.</summary>
    private void NoteVoters(int sig)
    {
        if ((_sigFlags[sig] & Unstated) == 0)
        {
            return;
        }

        for (var i = 0; i < signatures.EntryCount[sig]; i++)
        {
            _voteDirty.Add(signatures.Entry(sig, i) >> 1);
        }
    }

    /// <summary>
    /// The votes of the noted keys: for each signature with the key and a person, the person's employer (from their own
    /// keys' evidence) when it was last seen; one account when all agree.
    /// </summary>
    private void CountVotes()
    {
        foreach (var node in _voteDirty)
        {
            _votes.Remove(node);
            if (nodes.AccountCluster[node] is var cluster && (cluster < 0 || _stated[cluster]))
            {
                continue;
            }

            _mapDirty.Add(cluster);

            for (var link = nodes.SigHead[node]; link >= 0; link = signatures.IncidenceNext(link))
            {
                var sig = signatures.IncidenceSig(link);
                if (_sigProfile[sig] < 0 || OwnAccountAt(_sigProfile[sig], signatures.LastSeen[sig]) is not (>= 0 and var account))
                {
                    continue;
                }

                _votes[node] = _votes.TryGetValue(node, out var before) && before != account ? Disagree : account;
            }
        }

        _voteDirty.Clear();
    }

    /// <summary>Adds to <paramref name="remap"/> the signatures with no account of their own that have one of these keys.</summary>
    private void RemapChangedKeys(HashSet<int> changed, List<int> remap)
    {
        if (remap.Count == signatures.Count)
        {
            // Every signature is in it already (the first compute): the changed keys' signatures would be there twice.
            return;
        }

        foreach (var node in changed)
        {
            for (var link = nodes.SigHead[node]; link >= 0; link = signatures.IncidenceNext(link))
            {
                var sig = signatures.IncidenceSig(link);
                if ((_sigFlags[sig] & (Unstated | NoOwnAccount)) == (Unstated | NoOwnAccount))
                {
                    remap.Add(sig);
                }
            }
        }
    }

    /// <summary>
    /// The signatures with a company key in no stated group, in order: those that vote, or may take an account from such
    /// keys. Those of these people, or (when they are many) every one.
    /// </summary>
    private List<int> UnstatedSignatures(IReadOnlyCollection<int> profiles)
    {
        if (!ByScan(profiles.Count))
        {
            return SignaturesOf(profiles, Unstated, Unstated);
        }

        var sigs = new List<int>();
        for (var sig = 0; sig < signatures.Count; sig++)
        {
            if ((_sigFlags[sig] & Unstated) != 0)
            {
                sigs.Add(sig);
            }
        }

        return sigs;
    }

    /// <summary>
    /// Makes again these people's evidence from their own keys' (kept apart for those who had mapped keys' too) and what
    /// their signatures take from mapped keys, in signature order (as it was made afresh), and their periods.
    /// </summary>
    private void AddMappedEvidence(HashSet<int> profiles, List<int> unstated)
    {
        foreach (var profile in profiles)
        {
            if (!_withMapped[profile])
            {
                continue;
            }

            _withMapped[profile] = false;
            if (_ownEvidence.Remove(profile, out var own))
            {
                _evidence[profile] = own.Main;
                SetOrRemove(_moreEvidence, profile, own.More);
                SetOrRemove(_histories, profile, own.Periods);
            }
            else
            {
                _evidence[profile] = default;
                _moreEvidence.Remove(profile);
                _histories.Remove(profile);
            }
        }

        foreach (var sig in unstated)
        {
            if (_sigBasis[sig] != AccountBasis.Implied || (_sigFlags[sig] & NoOwnAccount) == 0 || !profiles.Contains(_sigProfile[sig]))
            {
                continue;
            }

            var profile = _sigProfile[sig];
            if (!_withMapped[profile])
            {
                _withMapped[profile] = true;
                if (_evidence[profile].Events > 0)
                {
                    _ownEvidence[profile] = new OwnEvidence(_evidence[profile],
                        _moreEvidence.TryGetValue(profile, out var more) ? [.. more] : null, _histories.GetValueOrDefault(profile));
                }
            }

            AddEvidence(profile, _sigAccount[sig], sig, ImpliedWeight);
        }

        foreach (var profile in profiles)
        {
            if (_withMapped[profile] && _moreEvidence.TryGetValue(profile, out var more))
            {
                _histories[profile] = EmploymentTimeline.Periods([_evidence[profile], .. more], a => companies.IdOf(a), rules.MinEventsForJobChange);
            }
        }
    }

    private static void SetOrRemove<T>(Dictionary<int, T> map, int key, T? value)
        where T : class
    {
        if (value is null)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = value;
        }
    }

    /// <summary>A person's evidence from their own keys only, with its periods when it names more than one account.</summary>
    private readonly record struct OwnEvidence(AccountEvidence Main, List<AccountEvidence>? More, List<EmploymentPeriod>? Periods);

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
        // Stated is given to a key only with a new signature: the company clusters of those keys are looked at again (at
        // the first compute every slot is).
        var restate = new HashSet<int>();
        for (var sig = _known; sig < signatures.Count; sig++)
        {
            MarkSignatureDirty(sig);
            for (var i = 0; _computed && i < signatures.EntryCount[sig]; i++)
            {
                var entry = signatures.Entry(sig, i);
                if (signatures.IsStatedEntry(entry, nodes) && nodes.AccountCluster[entry >> 1] is var cluster and >= 0)
                {
                    restate.Add(cluster);
                }
            }
        }

        GrowKeeping(ref _peopleSeen, people.Capacity);
        GrowKeeping(ref _peopleAnchors, people.Capacity);
        foreach (var slot in ChangedSlots(people, []))
        {
            var anchor = people[slot].Members is null ? -1 : people[slot].Anchor;
            if (anchor != _peopleAnchors[slot])
            {
                _peopleAnchors[slot] = anchor;
                _peopleReanchored.Add(slot);
            }

            if (!ReferenceEquals(people[slot].Members, _peopleSeen[slot]))
            {
                MarkNodesDirty(_peopleSeen[slot]);
                MarkNodesDirty(_peopleSeen[slot] = people[slot].Members);
            }
        }

        GrowKeeping(ref _companiesSeen, companies.Capacity);
        GrowKeeping(ref _stated, companies.Capacity);
        GrowKeeping(ref _mapsKeys, companies.Capacity);
        GrowKeeping(ref _companyAnchors, companies.Capacity);
        var changed = new List<int>();
        foreach (var slot in ChangedSlots(companies, restate))
        {
            var members = companies[slot].Members;
            var anchor = members is null ? -1 : companies[slot].Anchor;
            if (anchor != _companyAnchors[slot] && _companiesSeen[slot] is not null && members is not null)
            {
                _reanchored.Add(slot);
            }

            _companyAnchors[slot] = anchor;
            var moved = !ReferenceEquals(members, _companiesSeen[slot]);
            if (!moved && !restate.Contains(slot))
            {
                continue;
            }

            var stated = members is not null && HasStatedKey(members);
            if (moved)
            {
                MarkNodesDirty(_companiesSeen[slot]);
                LeaveLonely(_companiesSeen[slot]);
                _leftSlots.AddRange(_companiesSeen[slot] ?? []);
                MarkNodesDirty(_companiesSeen[slot] = members);
            }
            else if (stated != _stated[slot])
            {
                MarkNodesDirty(members);
            }

            _namesChanged.Add(slot);
            _mapDirty.Add(slot);
            _stated[slot] = stated;
            changed.Add(slot);
        }

        // After every slot's old keys left the set: a mailbox can move to a slot before the one it left.
        foreach (var slot in changed)
        {
            var members = companies[slot].Members;
            var lonely = members is not null && !_stated[slot] && members.All(m => nodes.Kind[m] == IdentifierKind.RoleEmail);
            _mapsKeys[slot] = members is not null && !_stated[slot] && !lonely;
            if (lonely)
            {
                JoinLonely(members!);
            }
        }
    }

    /// <summary>
    /// The slots of a cluster set that changed since the last compute, and <paramref name="more"/>, in order, once each:
    /// every slot at the first compute (an attribution made afresh, as tests make one beside the engine's), or when the
    /// set does not keep its changed slots.
    /// </summary>
    private List<int> ChangedSlots(ClusterSet clusters, IEnumerable<int> more)
    {
        var slots = new List<int>(more);
        if (!clusters.TakeChanged(slots) || !_computed)
        {
            slots.Clear();
            slots.AddRange(Enumerable.Range(0, clusters.Capacity));
            return slots;
        }

        return SortDistinct(slots);
    }

    private static List<int> SortDistinct(List<int> list)
    {
        list.Sort();
        var distinct = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (i == 0 || list[i] != list[i - 1])
            {
                list[distinct++] = list[i];
            }
        }

        list.RemoveRange(distinct, list.Count - distinct);
        return list;
    }

    private void MarkNodesDirty(int[]? members)
    {
        if (_dirtySigs.Count == signatures.Count)
        {
            // Every signature is marked already (the first compute, a start's): walking the nodes' signatures would find
            // nothing to mark, and took a fifth of the attribution's first compute in a 10M-event lake.
            return;
        }

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
}
