using System.Diagnostics;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Identity.Graph;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Core.Identity.Snapshot;
using ProfileUnifier.Core.Identity.State;
using ProfileUnifier.Core.Text;

namespace ProfileUnifier.Core.Identity;

/// <summary>
/// Resolves events into unified people and companies (DESIGN.md, "Identity rules"). Feed events with
/// <see cref="Observe(IncomingEvent, IdentityKeys)"/>, then call <see cref="Resolve"/> once per batch: the clusters then equal what
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
    private readonly OverrideLinks _overrides;
    private readonly AccountAttribution _attribution;
    private readonly JobChangeTracker _jobChanges = new();
    private readonly Dictionary<int, EmploymentHistory?> _historyCache = [];
    private readonly NamesBeside _namesBeside = new();

    // The anchor hash of each profile and account a chunk's resolutions were captured for, by cluster index, with the
    // anchor it is the hash of: kept across resolves (hashing the anchors again at each one was a large part of the
    // engine's thread on a large state). Grown only by capturing, 20 bytes a cluster.
    private readonly AnchorHashes _profileAnchors;
    private readonly AnchorHashes _accountAnchors;

    /// <summary>An engine with the overrides of <paramref name="rules"/>.</summary>
    public IdentityEngine(IdentityRules rules)
        : this(rules, null)
    {
    }

    /// <summary>An engine with the given overrides in force (those a lake was resolved under, when it is replayed).</summary>
    public IdentityEngine(IdentityRules rules, IdentityOverrides? overrides)
        : this(rules, overrides, reclusterWhole: false)
    {
    }

    /// <param name="reclusterWhole">Re-cluster every touched component whole (see LevelResolver): the reference for tests.</param>
    internal IdentityEngine(IdentityRules rules, IdentityOverrides? overrides, bool reclusterWhole)
    {
        _rules = rules;
        Normalizer = new IdentifierNormalizer(rules);
        _overrides = new OverrideLinks(_nodes) { Current = overrides ?? IdentityOverrides.Parse(rules.Overrides, Normalizer) };
        _people = new LevelResolver(_nodes, _signatures, LevelPolicy.Person, _overrides, reclusterWhole);
        _companies = new LevelResolver(_nodes, _signatures, LevelPolicy.Account, _overrides, reclusterWhole);
        _attribution = new AccountAttribution(_nodes, _signatures, _people.Clusters, _companies.Clusters, _accountAttributes, _namesBeside, rules);
        // The attribution reads the slots that changed at each resolve (and takes them, so they do not pile up).
        _people.Clusters.TrackChanges();
        _companies.Clusters.TrackChanges();
        _profileAnchors = new AnchorHashes(_nodes);
        _accountAnchors = new AnchorHashes(_nodes);
    }

    public IdentifierNormalizer Normalizer { get; }

    /// <summary>Whether an event of a known signature takes its nodes from it (see <see cref="Observe(IncomingEvent, IdentityKeys)"/>); off: every key is looked up, the reference for tests.</summary>
    internal bool KnownSignatureShortcut { get; init; } = true;

    /// <summary>The overrides in force.</summary>
    public IdentityOverrides Overrides => _overrides.Current;

    /// <summary>The moves between employers the last <see cref="Resolve"/> found for the first time (none when not logging).</summary>
    public IReadOnlyList<JobChange> JobChanges { get; private set; } = [];

    // Events observed or overrides changed since the last Resolve: one with nothing new would still recompute account
    // attribution over every signature (a writer resolves before each chunk it seals, and after loading a checkpoint).
    private bool _unresolved;

    internal IdentityRules Rules => _rules;
    internal NodeTable Nodes => _nodes;
    internal SignatureTable Signatures => _signatures;
    internal ClusterSet People => _people.Clusters;
    internal ClusterSet Companies => _companies.Clusters;
    internal OrderBook Orders => _orders;

    /// <summary>The runs of order reports the engine stands on (up to its last checkpoint; see <see cref="OrderBook"/>).</summary>
    public IReadOnlyList<ReadOnlyMemory<OrderRecord>> OrderRuns => _orders.Runs;

    /// <summary>The order reports taken since <see cref="OrderRuns"/> were written, sorted: the checkpoint's next run.</summary>
    public OrderRecord[] UnarchivedOrders() => _orders.Unarchived();

    /// <summary>Stands the engine on runs that hold every order report it has taken (the checkpoint wrote them).</summary>
    public void OrdersArchived(IReadOnlyList<ReadOnlyMemory<OrderRecord>> runs) => _orders.Archived(runs);

    /// <summary>Runs of order reports as one run, each order's report that counts.</summary>
    public static IEnumerable<OrderRecord> MergeOrderRuns(IReadOnlyList<ReadOnlyMemory<OrderRecord>> runs) => OrderBook.Merge(runs);
    internal IReadOnlyDictionary<int, AccountAttributesRecord> AccountAttributes => _accountAttributes;
    internal AccountAttribution Attribution => _attribution;
    internal LevelResolver PersonLevel => _people;
    internal NamesBeside NamesBeside => _namesBeside;

    /// <summary>Whether the engine has seen this normalised identifier (in any event it still holds).</summary>
    public bool Knows(IdentifierKind kind, string value) => _nodes.TryFind(kind, value, out _);

    /// <summary>
    /// The node of each key of an event whose signature is known: the entry of the key's kind and explicitness (one
    /// signature, one set of keys, under the 128-bit hash its table is settled on). False when two entries have the same
    /// kind and explicitness: the keys are then looked up.
    /// </summary>
    private bool NodesOf(int sig, IdentityKeys keys, Span<int> nodes)
    {
        var count = (int)_signatures.EntryCount[sig];
        var list = keys.Span;
        if (count != list.Length)
        {
            return false;
        }

        // Each entry's kind and explicit bit, read once: the keys are then matched among a few ints.
        var start = _signatures.EntryStart[sig];
        Span<int> entryNodes = stackalloc int[count];
        Span<int> kinds = stackalloc int[count];
        for (var j = 0; j < count; j++)
        {
            var entry = _signatures.EntryAt(start + j);
            entryNodes[j] = entry >> 1;
            kinds[j] = ((int)_nodes.Kind[entry >> 1] << 1) | (entry & 1);
        }

        for (var i = 0; i < count; i++)
        {
            var key = list[i];
            var wanted = ((int)key.Kind << 1) | (key.Explicit ? 1 : 0);
            var found = -1;
            for (var j = 0; j < count; j++)
            {
                if (kinds[j] == wanted)
                {
                    if (found >= 0)
                    {
                        return false;
                    }

                    found = entryNodes[j];
                }
            }

            if (found < 0)
            {
                return false;
            }

            nodes[i] = found;
        }

        return true;
    }

    /// <summary>The stages of <see cref="Prefetch"/>, each asking for what the one before brought into the cache.</summary>
    /// <remarks>
    /// The last two (entries, nodes) paid once a node's kind, times, count and flags were one row: with them in five
    /// columns, stage 3 asked for five lines a key and cost more than it saved.
    /// </remarks>
    public const int PrefetchStages = 4;

    /// <summary>
    /// Asks for the cache lines <see cref="Observe(IncomingEvent, IdentityKeys, in KeyHashes)"/> will read for an event taken a
    /// few events from now, by its keys' hashes: at stage 0 its signature's slot, at stage 1 the signature's
    /// row, at stage 2 its entries, at stage 3 its nodes' rows (see <see cref="NodeRow"/>). Call each stage some events
    /// before the next, which reads what it asked for, and the last some events before the event is observed. Changes
    /// nothing; a signature not known yet, or another in its slot, costs a useless hint.
    /// </summary>
    public void Prefetch(in KeyHashes hashes, int stage)
    {
        if (!hashes.IsMade)
        {
            return;
        }

        if (stage < 2)
        {
            _signatures.Prefetch(hashes.Signature, stage);
            return;
        }

        var sig = _signatures.AtHome(hashes.Signature);
        if (sig < 0)
        {
            return;
        }

        var start = _signatures.EntryStart[sig];
        if (stage == 2)
        {
            _signatures.PrefetchEntry(start);
            _batch.Prefetch(sig);
            return;
        }

        var count = Math.Min(_signatures.EntryCount[sig], hashes.Count);
        for (var j = 0; j < count; j++)
        {
            _nodes.PrefetchRow(_signatures.EntryAt(start + j) >> 1);
        }
    }

    /// <summary>Takes one accepted event in; returns its signature handle (see <see cref="Resolution"/>).</summary>
    public int Observe(IncomingEvent e, IdentityKeys keys) => Observe(e, keys, default);

    /// <summary>
    /// <see cref="Observe(IncomingEvent, IdentityKeys)"/> with the keys' hashes made beforehand (<see cref="KeyHashes.Of"/>,
    /// of the keys as they are now), or none.
    /// </summary>
    public int Observe(IncomingEvent e, IdentityKeys keys, in KeyHashes made)
    {
        if (keys.IsEmpty)
        {
            throw new ArgumentException("an event needs at least one usable identifier", nameof(keys));
        }

        _unresolved = true;

        var ticks = e.OccurredAt.UtcTicks;
        var list = keys.Span;
        Span<int> entries = stackalloc int[list.Length];
        Span<UInt128> hashes = stackalloc UInt128[entries.Length];
        UInt128 sigHash;
        if (made.IsMade)
        {
            // Made on the checking thread (EventIntake).
            Debug.Assert(made.Count == list.Length, "hashes of other keys");
            for (var i = 0; i < hashes.Length; i++)
            {
                hashes[i] = made.Key(i);
            }

            sigHash = made.Signature;
        }
        else
        {
            sigHash = SignatureTable.HashOfKeys(list, hashes);
        }

        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = list[i].Explicit ? 1 : 0;
        }

        // The signature's hash needs the keys' hashes only: when it is known (most events repeat one), its entries give the
        // nodes, and no key is looked up in the node index (at millions of identifiers each lookup waited for memory).
        var known = KnownSignatureShortcut ? _signatures.Find(sigHash) : -1;
        Span<int> knownNodes = stackalloc int[entries.Length];
        if (known >= 0 && !NodesOf(known, keys, knownNodes))
        {
            known = -1;
        }

        for (var i = 0; i < entries.Length; i++)
        {
            var key = list[i];
            var created = false;
            var node = known >= 0 ? knownNodes[i] : _nodes.Intern(key.Kind, key.Value, hashes[i], out created);
            if (!created)
            {
                // One string per recently seen identifier: what the batch holds is not one copy per event.
                keys.Share(i, _nodes.SharedValue(node, key.Value));
            }
            else if (!_overrides.Current.IsEmpty && _overrides.Flag(node))
            {
                MarkOverridePartners(node);
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

        var isNew = false;
        var sig = known >= 0 ? known : _signatures.GetOrAdd(entries, sigHash, _nodes, out isNew);
        if (isNew)
        {
            var eventId = e.EventId;
            _batch.AddNewSignature(sig, eventId, ticks);
            NoteCoOccurrences(sig, eventId, ticks);
            foreach (var entry in entries)
            {
                // Stated is a property of the entry, so of the signature: marked once, when it is new.
                if (_signatures.IsStatedEntry(entry, _nodes))
                {
                    _nodes.Flags[entry >> 1] |= NodeFlags.Stated;
                }

                MarkDirty(entry >> 1);
            }
        }
        else
        {
            if (_batch.TryGetNewSignature(sig, out var first) && (ticks < first.Ticks ||
                (ticks == first.Ticks && string.CompareOrdinal(e.EventId, first.EventId) < 0)))
            {
                // Attribute a change to the earliest event of the batch with this signature, not the first to arrive.
                _batch.AddNewSignature(sig, e.EventId, ticks);
            }

            if (_signatures.ContestedLevels(sig) is not 0 and var levels)
            {
                MarkContested(entries, levels);
            }
        }

        _signatures.CountEvent(sig, (int)e.Source);
        _attribution.CountEvent(sig);
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
            _signatures.Traits.Observe(sig, traits, ticks, IdHash.Of(e.EventIdUtf8.Span));
        }

        if (e.Account is { HasAttributes: true } block)
        {
            ObserveAccountAttributes(block, entries, ticks, e.EventIdUtf8);
        }

        if (e.IsOrder)
        {
            _orders.Observe(e, sig);
        }

        return sig;
    }

    /// <summary>
    /// Keeps a block's name, industry, region and size with the company keys it states; a name given without any
    /// key is kept beside the event's implied company keys (see <see cref="NamesBeside"/>).
    /// </summary>
    private void ObserveAccountAttributes(AccountBlock block, Span<int> entries, long ticks, Utf8Text eventIdUtf8)
    {
        var eventId = new LazyText(eventIdUtf8);
        var stated = false;
        foreach (var entry in entries)
        {
            var node = entry >> 1;
            if ((entry & 1) != 0 && !_nodes.Kind[node].IsPersonLevel())
            {
                if (!_accountAttributes.TryGetValue(node, out var record))
                {
                    _accountAttributes[node] = record = new AccountAttributesRecord();
                }

                var name = record.Name;
                record.Observe(block, ticks, ref eventId);

                // Not only when the name differs: an account's name is the latest any of its keys was given, so the
                // same name given again, later, can become the account's (over an older key's other name).
                if (name.Ticks != record.Name.Ticks || !string.Equals(name.EventId, record.Name.EventId, StringComparison.Ordinal))
                {
                    _attribution.NameChanged(node);
                }

                stated |= _nodes.Kind[node].IsStatable();
            }
        }

        if (stated || string.IsNullOrWhiteSpace(block.Name))
        {
            return;
        }

        foreach (var entry in entries)
        {
            var node = entry >> 1;
            if (!_nodes.Kind[node].IsPersonLevel() && _namesBeside.Observe(node, block.Name))
            {
                _attribution.NamedBeside(node);
            }
        }
    }

    /// <summary>An email whose domain the normaliser took as a company's (its implied domain key is there).</summary>
    private static bool IsWorkEmail(IdentityKeys keys, string email)
    {
        var domain = email.AsSpan(email.IndexOf('@', StringComparison.Ordinal) + 1);
        foreach (var key in keys.Span)
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
        if (!_unresolved)
        {
            JobChanges = [];
            return [];
        }

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
        _attribution.Compute();
        _historyCache.Clear();
        JobChanges = _jobChanges.Detect(_attribution, _people.Clusters, _companies.Clusters, _signatures, _batch, logChanges);
        _batch.Clear();
        _unresolved = false;
        return (IReadOnlyList<IdentityChange>?)log ?? [];
    }

    /// <summary>
    /// Puts another set of overrides in force. The next <see cref="Resolve"/> re-clusters what the rules that
    /// changed name, and logs the merges and splits it makes with reason "override".
    /// </summary>
    public void ApplyOverrides(IdentityOverrides next)
    {
        var before = _overrides.Current;
        _overrides.Current = next;
        _unresolved = true;
        var changed = before.Rules.Except(next.Rules).Concat(next.Rules.Except(before.Rules)).ToList();
        _batch.OverrideRules.AddRange(changed);
        foreach (var key in changed.SelectMany(r => r.B is { } b ? new[] { r.A, b } : [r.A]))
        {
            if (_nodes.TryFind(key.Kind, key.Value, out var node))
            {
                _overrides.Flag(node);
                MarkDirty(node);
            }
        }
    }

    /// <summary>Where events with this signature belong, as of the last <see cref="Resolve"/>.</summary>
    public EventResolution Resolution(int signature) => Capture(signature).ToResolution();

    /// <summary>
    /// <see cref="Resolution"/> without making its ids: what they are made of, for <see cref="CapturedResolution.ToResolution"/>
    /// on another thread. Formatting ids was most of a writer's per-chunk work on the engine's thread.
    /// </summary>
    public CapturedResolution Capture(int signature)
    {
        var profile = _attribution.ProfileOf(signature);
        var account = _attribution.AccountOf(signature);
        var basis = _attribution.BasisOf(signature);
        return new CapturedResolution(
            AnchorOf(_people.Clusters, _profileAnchors, profile),
            AnchorOf(_companies.Clusters, _accountAnchors, account),
            _signatures.Hash[signature],
            basis,
            basis == AccountBasis.Person ? HistoryOf(profile) : null,
            _nodes.IdKey);
    }

    private static (CapturedResolution.AnchorState, UInt128) AnchorOf(ClusterSet clusters, AnchorHashes known, int cluster)
    {
        if (cluster < 0)
        {
            return (CapturedResolution.AnchorState.None, default);
        }

        var anchor = clusters[cluster].Anchor;
        return anchor < 0
            ? (CapturedResolution.AnchorState.NoAnchor, default)
            : (CapturedResolution.AnchorState.Anchored, known.Of(cluster, anchor));
    }

    private EmploymentHistory? HistoryOf(int profile)
    {
        if (!_historyCache.TryGetValue(profile, out var history))
        {
            _historyCache[profile] = history = _attribution.History(profile) is { } periods
                ? new EmploymentHistory([.. periods.Select(p => (p.From, _companies.Clusters.IdOf(p.Account)))])
                : null;
        }

        return history;
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
                    (_accountAttributes.Count * 150L) + _attribution.ApproximateBytes() + _namesBeside.ApproximateBytes() +
                    _profileAnchors.ApproximateBytes + _accountAnchors.ApproximateBytes;
        var accounts = _companies.Clusters.Live().Count(c => _attribution.IsAccount(c.Index));
        return new EngineStatistics(_nodes.Count, _signatures.Count, _people.Clusters.Count, accounts, _orders.Count, shared, bytes);
    }

    /// <summary>
    /// Writes the engine's state (between batches: after <see cref="Resolve"/>), so that a process can carry on from
    /// it instead of replaying every event (<see cref="LoadState"/>): all of it but the order reports, which are
    /// kept in runs written once (<see cref="UnarchivedOrders"/>). The format is internal and versioned.
    /// </summary>
    public void SaveState(BinaryWriter writer)
    {
        if (_batch.NewSignatureCount > 0 || _batch.PersonDirty.Count > 0 || _batch.AccountDirty.Count > 0)
        {
            throw new InvalidOperationException("the engine has events not resolved yet: call Resolve before saving its state");
        }

        writer.Write(StateMagic);
        writer.Write(StateFormat);
        SaveOverrides(writer, _overrides.Current);
        _nodes.Save(writer);
        _signatures.Save(writer);
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
        _namesBeside.Save(writer);
        _jobChanges.Save(writer);
        writer.Write(StateMagic);
    }

    /// <summary>
    /// An engine in the state <see cref="SaveState"/> wrote, under the same rules, standing on the runs of order reports
    /// that state was saved with (<see cref="OrderRuns"/> and <see cref="UnarchivedOrders"/> as of the save).
    /// </summary>
    public static IdentityEngine LoadState(BinaryReader reader, IdentityRules rules, IReadOnlyList<ReadOnlyMemory<OrderRecord>> orderRuns)
    {
        if (reader.ReadString() != StateMagic || reader.ReadInt32() is var format && format is not (StateFormat or UnpackedSignaturesFormat))
        {
            throw new InvalidDataException("not an identity engine state of this version");
        }

        // The overrides the state was resolved under, not the configured ones: a change is applied (and logged) after loading.
        var engine = new IdentityEngine(rules, LoadOverrides(reader));
        engine._nodes.Load(reader);
        engine._signatures.Load(reader, unpacked: format == UnpackedSignaturesFormat);
        engine._orders.Archived(orderRuns);
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
        engine._namesBeside.Load(reader);
        engine._jobChanges.Load(reader);
        if (reader.ReadString() != StateMagic)
        {
            throw new InvalidDataException("the identity engine state is cut short");
        }

        // Derived from the clusters, never stored: what Resolution and Snapshot read.
        engine._attribution.Compute();
        return engine;
    }

    private static void SaveOverrides(BinaryWriter writer, IdentityOverrides overrides)
    {
        writer.Write(overrides.Rules.Count);
        foreach (var rule in overrides.Rules)
        {
            writer.Write((byte)rule.Kind);
            writer.Write((byte)rule.A.Kind);
            writer.Write(rule.A.Value);
            writer.Write(rule.B is not null);
            if (rule.B is { } b)
            {
                writer.Write((byte)b.Kind);
                writer.Write(b.Value);
            }

            StateCodec.WriteNullable(writer, rule.Note);
        }
    }

    private static IdentityOverrides LoadOverrides(BinaryReader reader)
    {
        var rules = new List<OverrideRule>();
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var kind = (OverrideKind)reader.ReadByte();
            var a = new IdentityKey((IdentifierKind)reader.ReadByte(), reader.ReadString());
            IdentityKey? b = reader.ReadBoolean() ? new IdentityKey((IdentifierKind)reader.ReadByte(), reader.ReadString()) : null;
            rules.Add(new OverrideRule(kind, a, b, StateCodec.ReadNullable(reader)));
        }

        return IdentityOverrides.Of(rules);
    }

    private const string StateMagic = "profileunifier.identity-engine";
    private const int StateFormat = 5;

    // The format before signatures were packed (SignatureTable.Save): still read, so an upgrade does not replay history.
    private const int UnpackedSignaturesFormat = 4;

    /// <summary>The state as the lake's snapshot tables hold it, every table sorted by its key.</summary>
    public IdentitySnapshot Snapshot() => new SnapshotBuilder(this).Build();

    /// <summary>An event of a known signature changes evidence counts: components evidence decided are clustered again.</summary>
    private void MarkContested(Span<int> entries, byte levels)
    {
        foreach (var entry in entries)
        {
            if ((levels & SignatureTable.PersonContested) != 0)
            {
                MarkDirty(entry >> 1, LevelPolicy.Person);
            }

            if ((levels & SignatureTable.AccountContested) != 0)
            {
                MarkDirty(entry >> 1, LevelPolicy.Account);
            }
        }
    }

    /// <summary>A node named in an override pair appeared: its partners seen before are clustered again with it.</summary>
    private void MarkOverridePartners(int node)
    {
        foreach (var (partner, _) in _overrides.Partners(node))
        {
            MarkDirty(partner);
        }
    }

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

    internal string SignatureId(int sig) => SignatureId(_signatures.Hash[sig], _nodes.IdKey);

    internal static string SignatureId(UInt128 hash, Privacy.Pseudonymizer? key) => key is not null
        ? key.Id(hash, SignatureIdDigits)
        : HexId.Of("", hash, SignatureIdDigits);

    /// <summary>The hex digits of a signature's id.</summary>
    internal const int SignatureIdDigits = 32;

    /// <summary>
    /// Keys profile and signature ids (a pseudonymised lake): without it they are hashes of the identifiers, which a guessed
    /// email would find. Account ids stay as they are (a company's). Set on every engine of the lake, fresh or loaded.
    /// </summary>
    public void KeyPersonIds(Privacy.Pseudonymizer key) => _nodes.IdKey = key;
}
