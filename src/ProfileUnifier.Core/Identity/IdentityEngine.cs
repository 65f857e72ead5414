using System.Globalization;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.Graph;
using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Core.Identity.State;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// Resolves events into unified people and companies (DESIGN.md, "Identity rules"). Feed events with
/// <see cref="Observe"/>, then call <see cref="Resolve"/> once per batch: the clusters then equal what
/// resolving the whole set of events at once would give, whatever the order or batching, and the
/// returned log says what merged or split and which event caused it. Not thread-safe.
/// </summary>
public sealed class IdentityEngine
{
    private readonly IdentityRules _rules;
    private readonly NodeTable _nodes = new();
    private readonly SignatureTable _signatures = new();
    private readonly OrderBook _orders = new();
    private readonly Dictionary<int, AccountAttributesRecord> _accountAttributes = [];
    private readonly BatchContext _batch = new();
    private readonly LevelResolver _people;
    private readonly LevelResolver _companies;
    private readonly Dictionary<int, int> _profileAccountCache = [];

    public IdentityEngine(IdentityRules rules)
    {
        _rules = rules;
        Normalizer = new IdentifierNormalizer(rules);
        _people = new LevelResolver(_nodes, _signatures, LevelPolicy.Person);
        _companies = new LevelResolver(_nodes, _signatures, LevelPolicy.Account);
    }

    public IdentifierNormalizer Normalizer { get; }

    internal IdentityRules Rules => _rules;
    internal NodeTable Nodes => _nodes;
    internal SignatureTable Signatures => _signatures;
    internal ClusterSet People => _people.Clusters;
    internal ClusterSet Companies => _companies.Clusters;
    internal OrderBook Orders => _orders;
    internal IReadOnlyDictionary<int, AccountAttributesRecord> AccountAttributes => _accountAttributes;

    /// <summary>Whether the engine has seen this normalised identifier (in any event it still holds).</summary>
    public bool Knows(IdentifierKind kind, string value) => _nodes.TryFind(kind, value, out _);

    /// <summary>Takes one accepted event in; returns its signature handle (see <see cref="Resolution"/>).</summary>
    public int Observe(IncomingEvent e, IdentityKeys keys)
    {
        if (keys.IsEmpty)
        {
            throw new ArgumentException("an event needs at least one usable identifier", nameof(keys));
        }

        var ticks = e.OccurredAt.UtcTicks;
        Span<int> entries = stackalloc int[keys.Keys.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var key = keys.Keys[i];
            var node = _nodes.Intern(key.Kind, key.Value, out var created);
            if (!created)
            {
                // The node's own string from now on: what the batch holds stays one copy per identifier, not one per event.
                keys.Share(i, _nodes.Value[node]);
            }

            if (ticks < _nodes.FirstSeen[node])
            {
                if (!created)
                {
                    // Seen earlier than we knew: it may now anchor its cluster.
                    _batch.EarlierSightings[node] = (e.EventId, ticks);
                    MarkDirty(node);
                }

                _nodes.FirstSeen[node] = ticks;
            }

            if (ticks > _nodes.LastSeen[node])
            {
                _nodes.LastSeen[node] = ticks;
            }

            _nodes.Events[node]++;
            if (created && key.Kind == IdentifierKind.Email && IsWorkEmail(keys, key.Value))
            {
                _nodes.Flags[node] |= NodeFlags.WorkEmail;
            }

            entries[i] = (node << 1) | (key.Explicit ? 1 : 0);
        }

        var sig = _signatures.GetOrAdd(entries, _nodes, out var isNew);
        if (isNew)
        {
            _batch.NewSignatures[sig] = (e.EventId, ticks);
            NoteCoOccurrences(sig, e.EventId, ticks);
            foreach (var entry in entries)
            {
                MarkDirty(entry >> 1);
            }
        }
        else if (_batch.NewSignatures.TryGetValue(sig, out var first) && (ticks < first.Ticks ||
                 (ticks == first.Ticks && string.CompareOrdinal(e.EventId, first.EventId) < 0)))
        {
            // Attribute a change to the earliest event of the batch with this signature, not the first to arrive.
            _batch.NewSignatures[sig] = (e.EventId, ticks);
        }

        _signatures.Events[sig]++;
        _signatures.SourceCount(sig, (int)e.Source)++;
        if (ticks < _signatures.FirstSeen[sig])
        {
            _signatures.FirstSeen[sig] = ticks;
        }

        if (ticks > _signatures.LastSeen[sig])
        {
            _signatures.LastSeen[sig] = ticks;
        }

        if (e.Traits is { IsEmpty: false } traits)
        {
            if (!_signatures.Traits.TryGetValue(sig, out var record))
            {
                _signatures.Traits[sig] = record = new TraitsRecord();
            }

            record.Observe(traits, ticks, e.EventId);
        }

        if (e.Account is { HasAttributes: true } block)
        {
            foreach (var entry in entries)
            {
                var node = entry >> 1;
                if ((entry & 1) != 0 && !_nodes.Kind[node].IsPersonLevel())
                {
                    if (!_accountAttributes.TryGetValue(node, out var record))
                    {
                        _accountAttributes[node] = record = new AccountAttributesRecord();
                    }

                    record.Observe(block, ticks, e.EventId);
                }
            }
        }

        if (e.IsOrder)
        {
            _orders.Observe(e, sig);
        }

        return sig;
    }

    /// <summary>An email whose domain the normaliser took as a company's (its implied domain key is there).</summary>
    private static bool IsWorkEmail(IdentityKeys keys, string email)
    {
        var domain = email.AsSpan(email.IndexOf('@', StringComparison.Ordinal) + 1);
        foreach (var key in keys.Keys)
        {
            if (key.Kind == IdentifierKind.Domain && domain.SequenceEqual(key.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Re-clusters what the events since the last call touched. Returns the merges and splits, unless
    /// <paramref name="logChanges"/> is false (recovering state from the lake, where they are logged already).
    /// </summary>
    public IReadOnlyList<IdentityChange> Resolve(bool logChanges = true)
    {
        var log = logChanges ? new List<IdentityChange>() : null;
        foreach (var node in _people.Resolve(_batch, log))
        {
            // A phone that turns shared between people becomes an office line: a company key.
            if (_nodes.Kind[node] == IdentifierKind.Phone)
            {
                MarkDirty(node, LevelPolicy.Account);
            }
        }

        _companies.Resolve(_batch, log);
        _batch.Clear();
        _profileAccountCache.Clear();
        return (IReadOnlyList<IdentityChange>?)log ?? [];
    }

    /// <summary>Where events with this signature belong, as of the last <see cref="Resolve"/>.</summary>
    public EventResolution Resolution(int signature)
    {
        var profile = ProfileClusterOf(signature);
        var account = AccountClusterOf(signature, profile);
        return new EventResolution(
            profile >= 0 ? _people.Clusters[profile].Id : null,
            account >= 0 ? _companies.Clusters[account].Id : null,
            SignatureId(signature));
    }

    public EngineStatistics Statistics()
    {
        var shared = 0;
        for (var node = 0; node < _nodes.Count; node++)
        {
            if (_nodes.IsPersonShared(node) || _nodes.IsAccountShared(node))
            {
                shared++;
            }
        }

        var bytes = _nodes.ApproximateBytes() + _signatures.ApproximateBytes() + _orders.ApproximateBytes() +
                    (_accountAttributes.Count * 150L);
        return new EngineStatistics(_nodes.Count, _signatures.Count, _people.Clusters.Count, _companies.Clusters.Count,
            _orders.Count, shared, bytes);
    }

    /// <summary>
    /// Writes the engine's whole state (between batches: after <see cref="Resolve"/>), so that a process can carry
    /// on from it instead of replaying every event (<see cref="LoadState"/>). The format is internal and versioned.
    /// </summary>
    public void SaveState(BinaryWriter writer)
    {
        if (_batch.NewSignatures.Count > 0 || _batch.PersonDirty.Count > 0 || _batch.AccountDirty.Count > 0)
        {
            throw new InvalidOperationException("the engine has events not resolved yet: call Resolve before saving its state");
        }

        writer.Write(StateMagic);
        writer.Write(StateFormat);
        _nodes.Save(writer);
        _signatures.Save(writer);
        _orders.Save(writer);
        writer.Write(_accountAttributes.Count);
        foreach (var (node, record) in _accountAttributes)
        {
            writer.Write(node);
            StateCodec.WriteStamped(writer, record.Name);
            StateCodec.WriteStamped(writer, record.Industry);
            StateCodec.WriteStamped(writer, record.Region);
            StateCodec.WriteStamped(writer, record.Employees);
        }

        _people.Save(writer);
        _companies.Save(writer);
        writer.Write(StateMagic);
    }

    /// <summary>An engine in the state <see cref="SaveState"/> wrote, under the same rules.</summary>
    public static IdentityEngine LoadState(BinaryReader reader, IdentityRules rules)
    {
        if (reader.ReadString() != StateMagic || reader.ReadInt32() is var format && format != StateFormat)
        {
            throw new InvalidDataException("not an identity engine state of this version");
        }

        var engine = new IdentityEngine(rules);
        engine._nodes.Load(reader);
        engine._signatures.Load(reader);
        engine._orders.Load(reader);
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var node = reader.ReadInt32();
            engine._accountAttributes[node] = new AccountAttributesRecord
            {
                Name = StateCodec.ReadStamped(reader),
                Industry = StateCodec.ReadStamped(reader),
                Region = StateCodec.ReadStamped(reader),
                Employees = StateCodec.ReadStampedInt(reader),
            };
        }

        engine._people.Load(reader);
        engine._companies.Load(reader);
        if (reader.ReadString() != StateMagic)
        {
            throw new InvalidDataException("the identity engine state is cut short");
        }

        return engine;
    }

    private const string StateMagic = "profileunifier.identity-engine";
    private const int StateFormat = 1;

    /// <summary>The state as the lake's snapshot tables hold it, every table sorted by its key.</summary>
    public IdentitySnapshot Snapshot() => new SnapshotBuilder(this).Build();

    private void MarkDirty(int node)
    {
        MarkDirty(node, LevelPolicy.Person);
        MarkDirty(node, LevelPolicy.Account);
    }

    private void MarkDirty(int node, LevelPolicy level)
    {
        if ((_nodes.Flags[node] & level.Dirty) == 0)
        {
            _nodes.Flags[node] |= level.Dirty;
            level.DirtyList(_batch).Add(node);
        }
    }

    private void NoteCoOccurrences(int sig, string eventId, long ticks)
    {
        var count = _signatures.EntryCount[sig];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                if (i != j)
                {
                    NoteCoOccurrence(_signatures.Entry(sig, i) >> 1, _signatures.Entry(sig, j) >> 1, eventId, ticks);
                }
            }
        }
    }

    /// <summary>Records that <paramref name="node"/> was seen with <paramref name="other"/>; flips it to shared past the limits.</summary>
    private void NoteCoOccurrence(int node, int other, string eventId, long ticks)
    {
        var kind = _nodes.Kind[node];
        var otherKind = _nodes.Kind[other];
        var category = otherKind switch
        {
            IdentifierKind.CrmContactId => NodeTable.CoCrmContact,
            IdentifierKind.UserId => NodeTable.CoUser,
            IdentifierKind.Email => NodeTable.CoEmail,
            IdentifierKind.CrmAccountId => NodeTable.CoCrmAccount,
            IdentifierKind.Inn => NodeTable.CoInn,
            _ => -1,
        };
        var personCategory = category is NodeTable.CoCrmContact or NodeTable.CoUser or NodeTable.CoEmail;
        var applies = category switch
        {
            NodeTable.CoCrmContact => kind.IsPersonLevel() && kind != IdentifierKind.CrmContactId,
            NodeTable.CoUser => kind.IsPersonLevel() && kind is not (IdentifierKind.CrmContactId or IdentifierKind.UserId),
            NodeTable.CoEmail => kind.IsPersonLevel() && kind is not (IdentifierKind.CrmContactId or IdentifierKind.Email),
            NodeTable.CoCrmAccount => kind is IdentifierKind.Inn or IdentifierKind.Domain or IdentifierKind.RoleEmail or IdentifierKind.Phone or IdentifierKind.OfficePhone,
            NodeTable.CoInn => kind is IdentifierKind.Domain or IdentifierKind.RoleEmail or IdentifierKind.Phone or IdentifierKind.OfficePhone,
            _ => false,
        };
        var bit = (byte)(1 << category);
        if (!applies || (_nodes.Exceeded[node] & bit) != 0)
        {
            return;
        }

        ref var first = ref _nodes.Co(node, category);
        if (first < 0)
        {
            first = other;
            return;
        }

        if (first == other)
        {
            return;
        }

        if (category == NodeTable.CoEmail)
        {
            if (!_nodes.ExtraEmails.TryGetValue(node, out var extra))
            {
                _nodes.ExtraEmails[node] = extra = [];
            }

            if (extra.Contains(other))
            {
                return;
            }

            extra.Add(other);
            if (extra.Count + 1 <= _rules.MaxEmailsPerIdentifier)
            {
                return;
            }

            _nodes.ExtraEmails.Remove(node);
        }

        _nodes.Exceeded[node] |= bit;
        var level = personCategory ? NodeFlags.DirectPersonShared : NodeFlags.DirectAccountShared;
        if ((_nodes.Flags[node] & level) != 0)
        {
            return;
        }

        var reason = _nodes.SharedReason(node, personCategory, _rules.MaxEmailsPerIdentifier)!;
        var note = new SharedNote(reason, eventId, ticks);
        if (personCategory)
        {
            _nodes.Flags[node] |= NodeFlags.DirectPersonShared;
            _nodes.PersonShared[node] = note;
        }
        else
        {
            _nodes.Flags[node] |= NodeFlags.DirectAccountShared;
            _nodes.AccountShared[node] = note;
        }

        _batch.Flips[node] = note;
        MarkDirty(node);
    }

    internal int ProfileClusterOf(int sig)
    {
        for (var i = 0; i < _signatures.EntryCount[sig]; i++)
        {
            var node = _signatures.Entry(sig, i) >> 1;
            if (_nodes.Kind[node].IsPersonLevel() && _nodes.PersonCluster[node] >= 0)
            {
                return _nodes.PersonCluster[node];
            }
        }

        return -1;
    }

    /// <summary>
    /// The company an event belongs to: the one its account block names; else its person's company;
    /// else one its role mailbox, corporate domain or office line points to.
    /// </summary>
    internal int AccountClusterOf(int sig, int profile)
    {
        int stated = -1, statedKind = int.MaxValue, implied = -1, impliedRank = int.MaxValue;
        for (var i = 0; i < _signatures.EntryCount[sig]; i++)
        {
            var entry = _signatures.Entry(sig, i);
            var node = entry >> 1;
            var cluster = _nodes.AccountCluster[node];
            if (cluster < 0)
            {
                continue;
            }

            var kind = _nodes.Kind[node];
            if ((entry & 1) != 0 && !kind.IsPersonLevel())
            {
                if ((int)kind < statedKind)
                {
                    (stated, statedKind) = (cluster, (int)kind);
                }
            }
            else
            {
                var rank = kind switch { IdentifierKind.RoleEmail => 0, IdentifierKind.Domain => 1, _ => 2 };
                if (rank < impliedRank)
                {
                    (implied, impliedRank) = (cluster, rank);
                }
            }
        }

        if (stated >= 0)
        {
            return stated;
        }

        if (profile >= 0 && ProfileAccount(profile) is var own and >= 0)
        {
            return own;
        }

        return implied;
    }

    /// <summary>
    /// A person's company: the one with the most evidence over their events (stated account keys weigh 3,
    /// implied ones 1), ties to the smaller account id.
    /// </summary>
    internal int ProfileAccount(int profile)
    {
        if (_profileAccountCache.TryGetValue(profile, out var cached))
        {
            return cached;
        }

        var evidence = new Dictionary<int, long>();
        var seen = new HashSet<int>();
        foreach (var member in _people.Clusters[profile].Members)
        {
            for (var link = _nodes.SigHead[member]; link >= 0; link = _signatures.IncidenceNext(link))
            {
                var sig = _signatures.IncidenceSig(link);
                if (!seen.Add(sig))
                {
                    continue;
                }

                for (var i = 0; i < _signatures.EntryCount[sig]; i++)
                {
                    var entry = _signatures.Entry(sig, i);
                    var cluster = _nodes.AccountCluster[entry >> 1];
                    if (cluster >= 0)
                    {
                        var weight = (entry & 1) != 0 && !_nodes.Kind[entry >> 1].IsPersonLevel() ? 3 : 1;
                        evidence[cluster] = evidence.GetValueOrDefault(cluster) + ((long)_signatures.Events[sig] * weight);
                    }
                }
            }
        }

        var best = -1;
        foreach (var (cluster, weight) in evidence)
        {
            if (best < 0 || weight > evidence[best] ||
                (weight == evidence[best] && string.CompareOrdinal(_companies.Clusters[cluster].Id, _companies.Clusters[best].Id) < 0))
            {
                best = cluster;
            }
        }

        _profileAccountCache[profile] = best;
        return best;
    }

    internal string SignatureId(int sig) => _signatures.Hash[sig].ToString("x32", CultureInfo.InvariantCulture);
}
