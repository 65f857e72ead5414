using System.Text;
using ProfileUnifier.Core.Archive;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Graph;
using ProfileUnifier.Core.Identity.Snapshot;

namespace ProfileUnifier.Core.Tests.Support;

/// <summary>Feeds events through normalisation and the engine, and answers questions about the result.</summary>
internal sealed class EngineHarness
{
    private readonly IdentityRules _rules;
    private readonly bool _hashedAhead;
    private RedeliveryFilter _redeliveries = new();

    /// <param name="reclusterWhole">An engine that re-clusters every touched component whole (the reference for growing in place).</param>
    /// <param name="knownSignatureShortcut">Off: every key of every event is looked up (the reference for the shortcut).</param>
    /// <param name="hashedAhead">
    /// As the pipeline takes lines: each event's keys hashed before it is observed (<see cref="KeyHashes"/>),
    /// and the engine and the redelivery filter asked to prefetch for the events after it, at every stage.
    /// </param>
    public EngineHarness(IdentityRules? rules = null, bool reclusterWhole = false, bool knownSignatureShortcut = true, bool hashedAhead = false)
    {
        _rules = rules ?? new IdentityRules();
        _hashedAhead = hashedAhead;
        Engine = new IdentityEngine(_rules, null, reclusterWhole) { KnownSignatureShortcut = knownSignatureShortcut };
    }

    /// <summary>The account an event is on, at its own time (an event its person gives an account follows their moves).</summary>
    public string? AccountOfEvent(IncomingEvent e) => Resolutions[e.EventId].AccountAt(e.OccurredAt);

    public IdentityEngine Engine { get; private set; }

    public List<IdentityChange> Changes { get; } = [];

    public List<JobChange> JobChanges { get; } = [];

    /// <summary>Each event's keys as <see cref="IdentityEngine.Observe(IncomingEvent, IdentityKeys)"/> left them (it swaps values for its own equal strings).</summary>
    public List<string> ObservedKeys { get; } = [];

    public Dictionary<string, EventResolution> Resolutions { get; } = [];

    /// <summary>The engine's handle of each event observed, by event id.</summary>
    public Dictionary<string, int> Signatures { get; } = [];

    private IdentitySnapshot? _snapshot;

    public IdentitySnapshot Snapshot => _snapshot ??= Engine.Snapshot();

    public EngineHarness Batch(params IncomingEvent[] events)
    {
        var signatures = new List<(string Id, int Sig)>();
        var allKeys = events.Select(e => Engine.Normalizer.Normalize(e.Identifiers, e.Account)).ToList();
        var allHashes = allKeys.Select(keys => _hashedAhead ? KeyHashes.Of(keys) : default).ToList();

        for (var i = 0; i < events.Length; i++)
        {
            var (e, keys) = (events[i], allKeys[i]);
            if (_hashedAhead)
            {
                PrefetchAhead(events, allHashes, i);
            }

            if (!_redeliveries.TryAccept(e.EventId))
            {
                continue;
            }

            signatures.Add((e.EventId, Engine.Observe(e, keys, allHashes[i])));
            ObservedKeys.Add($"{e.EventId} {string.Join(' ', keys.Keys.Select(k => $"{k.Kind}:{k.Value}:{k.Explicit}"))}");
        }

        Changes.AddRange(Engine.Resolve());
        JobChanges.AddRange(Engine.JobChanges);
        foreach (var (id, sig) in signatures)
        {
            Resolutions[id] = Engine.Resolution(sig);
            Signatures[id] = sig;
        }

        _snapshot = null;
        return this;
    }

    /// <summary>The events after event <paramref name="next"/> prefetched for, at each stage (a stage an event apart).</summary>
    private void PrefetchAhead(IncomingEvent[] events, List<KeyHashes> hashes, int next)
    {
        for (var stage = 0; stage < IdentityEngine.PrefetchStages; stage++)
        {
            var ahead = next + IdentityEngine.PrefetchStages - stage;
            if (ahead < events.Length)
            {
                _redeliveries.Prefetch(IdHash.Of(events[ahead].EventId), stage);
                Engine.Prefetch(hashes[ahead], stage);
            }
        }
    }

    /// <summary>
    /// What a new process does: the engine's state written out and read back in, standing on runs of the order reports
    /// and accepted ids as a checkpoint writes them (the new ones a run of their own; with <paramref name="mergeRuns"/>,
    /// all runs merged into one, as the lake does once runs pile up).
    /// </summary>
    public EngineHarness Restart(bool mergeRuns = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            Engine.SaveState(writer);
        }

        IReadOnlyList<ReadOnlyMemory<OrderRecord>> orders = [.. Engine.OrderRuns, Engine.UnarchivedOrders()];
        IReadOnlyList<ReadOnlyMemory<UInt128>> ids = [.. _redeliveries.Runs, .. _redeliveries.Unarchived()];
        if (mergeRuns)
        {
            orders = [IdentityEngine.MergeOrderRuns(orders).ToArray()];
            ids = [RedeliveryFilter.Merge(ids).ToArray()];
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer, Encoding.UTF8);
        Engine = IdentityEngine.LoadState(reader, _rules, orders);
        _redeliveries = new RedeliveryFilter(ids);
        Assert.Equal(buffer.Length, buffer.Position);
        _snapshot = null;
        return this;
    }

    /// <summary>
    /// What a checkpoint does in the running process: the order reports taken since become a run the engine then stands on
    /// (with <paramref name="mergeRuns"/>, all runs merged into one), the engine kept.
    /// </summary>
    public EngineHarness Checkpoint(bool mergeRuns = false)
    {
        IReadOnlyList<ReadOnlyMemory<OrderRecord>> orders = [.. Engine.OrderRuns, Engine.UnarchivedOrders()];
        Engine.OrdersArchived(mergeRuns ? [IdentityEngine.MergeOrderRuns(orders).ToArray()] : orders);
        _snapshot = null;
        return this;
    }

    /// <summary>Each event in its own batch.</summary>
    public EngineHarness OneByOne(params IncomingEvent[] events)
    {
        foreach (var e in events)
        {
            Batch(e);
        }

        return this;
    }

    public IdentityRow Identity(string type, string value) =>
        Snapshot.Identities.Single(r => r.IdentifierType == type && r.IdentifierValue == value);

    public string? ProfileOf(string type, string value) => Identity(type, value).ProfileId;

    public string? AccountOf(string type, string value) => Identity(type, value).AccountId;

    public ProfileRow Profile(string id) => Snapshot.Profiles.Single(p => p.ProfileId == id);

    /// <summary>The whole state as text: equal texts mean equal resolutions.</summary>
    public string Render()
    {
        var s = Snapshot;
        var sb = new StringBuilder();
        foreach (var r in s.Identities)
        {
            sb.AppendLine($"I {r.IdentifierType} {r.IdentifierValue} {r.ProfileId} {r.AccountId} {r.IsShared} {r.SharedReason} {r.FirstSeen:O} {r.LastSeen:O} {r.Events}");
        }

        foreach (var p in s.Profiles)
        {
            sb.AppendLine($"P {p.ProfileId} {p.AccountId} {p.FirstName} {p.LastName} {p.Role} [{string.Join(',', p.Emails)}] [{string.Join(',', p.Phones)}] {p.CrmContactId} {p.UserId} {p.FirstSeen:O} {p.LastSeen:O} {p.Events} [{string.Join(',', p.EventsBySource)}] {p.PreviousAccountId} {p.AccountSince:O}");
        }

        foreach (var a in s.Accounts)
        {
            sb.AppendLine($"A {a.AccountId} {a.CrmAccountId} {a.Inn} {a.Domain} {a.Name} {a.Contacts} {a.Revenue:R} {a.Orders} {a.Events}");
        }

        foreach (var g in s.Signatures)
        {
            sb.AppendLine($"S {g.SignatureId} {g.ProfileId} {g.AccountId} {g.Events} {g.AccountBasis}");
        }

        foreach (var m in s.Employments)
        {
            sb.AppendLine($"E {m.ProfileId} {m.AccountId} {m.ValidFrom:O} {m.ValidTo:O} {m.FirstSeen:O} {m.LastSeen:O} {m.Events} {m.IsCurrent}");
        }

        return sb.ToString();
    }
}
