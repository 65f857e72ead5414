using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity;

/// <summary>
/// Identity rules, "Order independence": the same set of events gives the same profiles, accounts, employers
/// over time and evidence bases, whatever the order and batching, and replaying them changes nothing; with
/// overrides too, and overrides applied later to history give what they give from the start. Events come from
/// a small universe of identifiers so that collisions, shared identifiers, conflicts decided by evidence (two
/// work addresses at one domain, a typo), people moving between companies and splits are common.
/// </summary>
public sealed class OrderIndependenceProperties
{
    private static readonly IdentityRules Plain = new() { MaxEmailsPerIdentifier = 2 };

    private static readonly IdentityRules WithOverrides = new()
    {
        MaxEmailsPerIdentifier = 2,
        Overrides = new IdentityOverrideSettings
        {
            NeverLink = [new OverrideValue { Identifier = "anonymous_id:ck-3" }],
            NeverTogether = [new OverridePair { A = "email:anna@gmail.com", B = "crm_contact_id:C-2" }],
            MustLink = [new OverridePair { A = "crm_contact_id:C-3", B = "user_id:u-2" }],
        },
    };

    [Property(MaxTest = 300, Arbitrary = [typeof(Scenarios)])]
    public Property Resolve_AnyOrderAndBatching_SameResult(Scenario scenario, bool overrides)
        => SameResultInAnyOrder(scenario, overrides);

    /// <summary>
    /// A case the property above found: an INN given an account's name again, later than its CRM id was given another
    /// name, makes that name the account's; the names of accounts kept between resolves missed it, and a landline
    /// given beside that name went to the other account of the name.
    /// </summary>
    [Property(MaxTest = 1, Arbitrary = [typeof(Scenarios)], Replay = "(13852199258522627645,5762727290393126215,75)")]
    public Property Resolve_KeyGivenTheSameNameLater_SameResultInAnyOrder(Scenario scenario, bool overrides)
        => SameResultInAnyOrder(scenario, overrides);

    private static Property SameResultInAnyOrder(Scenario scenario, bool overrides)
    {
        var rules = overrides ? WithOverrides : Plain;
        var reference = Run(rules, scenario.Events.OrderBy(e => e.EventId, StringComparer.Ordinal), [int.MaxValue]);
        var shuffled = Run(rules, scenario.Events, scenario.BatchSizes);
        return (reference == shuffled).Label($"batches {string.Join(",", scenario.BatchSizes)}\n--- one batch\n{reference}\n--- arrival order\n{shuffled}");
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property Resolve_EachEventItsOwnBatch_SameAsOneBatch(Scenario scenario, bool overrides)
    {
        var rules = overrides ? WithOverrides : Plain;
        var reference = Run(rules, scenario.Events, [int.MaxValue]);
        var oneByOne = Run(rules, scenario.Events, [1]);
        return (reference == oneByOne).Label($"--- one batch\n{reference}\n--- one by one\n{oneByOne}");
    }

    /// <summary>
    /// Clusters grown in place where new signatures only grow them are what re-clustering every touched component
    /// whole gives, batch by batch: the same state, and the same merges, splits and job changes logged.
    /// </summary>
    [Property(MaxTest = 300, Arbitrary = [typeof(Scenarios)])]
    public Property Resolve_GrowingClustersInPlace_SameAsReclusteringWhole(Scenario scenario, bool overrides)
    {
        var rules = overrides ? WithOverrides : Plain;
        var (grown, whole) = RunBoth(new EngineHarness(rules), new EngineHarness(rules, reclusterWhole: true), scenario);
        var (a, b, sameLog) = (grown.Render(), whole.Render(), SameLog(grown, whole));
        return (a == b && sameLog).Label($"batches {string.Join(",", scenario.BatchSizes)}, same change log: {sameLog}\n--- grown\n{a}\n--- whole\n{b}");
    }

    /// <summary>
    /// An event of a known signature takes its nodes from the signature's entries instead of looking its keys up: the same
    /// state (every identifier's counts and times among it), change log and keys as looking every key up.
    /// </summary>
    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property Observe_KnownSignatureShortcut_SameAsLookingUpEveryKey(Scenario scenario, bool overrides)
    {
        var rules = overrides ? WithOverrides : Plain;
        var (shortcut, lookedUp) = RunBoth(new EngineHarness(rules), new EngineHarness(rules, knownSignatureShortcut: false), scenario);
        var (a, b, sameLog) = (shortcut.Render(), lookedUp.Render(), SameLog(shortcut, lookedUp));
        var sameKeys = shortcut.ObservedKeys.SequenceEqual(lookedUp.ObservedKeys);
        return (a == b && sameLog && sameKeys).Label($"same change log: {sameLog}, same keys: {sameKeys}\n--- shortcut\n{a}\n--- looked up\n{b}");
    }

    /// <summary>
    /// Keys hashed before the engine takes their event (on the checking threads, in the pipeline) and the engine and the
    /// redelivery filter prefetching for the events ahead: the same state, change log and keys as hashing in the engine.
    /// </summary>
    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property Observe_KeysHashedAheadAndPrefetched_SameAsHashedByTheEngine(Scenario scenario, bool overrides)
    {
        var rules = overrides ? WithOverrides : Plain;
        var (ahead, inEngine) = RunBoth(new EngineHarness(rules, hashedAhead: true), new EngineHarness(rules), scenario);
        var (a, b, sameLog) = (ahead.Render(), inEngine.Render(), SameLog(ahead, inEngine));
        var sameKeys = ahead.ObservedKeys.SequenceEqual(inEngine.ObservedKeys);
        return (a == b && sameLog && sameKeys).Label($"same change log: {sameLog}, same keys: {sameKeys}\n--- hashed ahead\n{a}\n--- in the engine\n{b}");
    }

    /// <summary>The scenario's events through both engines, batch by batch.</summary>
    private static (EngineHarness A, EngineHarness B) RunBoth(EngineHarness a, EngineHarness b, Scenario scenario)
    {
        Run(a, scenario.Events, scenario.BatchSizes, restartAfterBatch: null);
        Run(b, scenario.Events, scenario.BatchSizes, restartAfterBatch: null);
        return (a, b);
    }

    private static bool SameLog(EngineHarness a, EngineHarness b) =>
        a.Changes.SequenceEqual(b.Changes) && a.JobChanges.SequenceEqual(b.JobChanges);

    /// <summary>
    /// The ids a chunk's rows are given (<see cref="IdentityEngine.Capture"/>, which keeps anchors' hashes between resolves)
    /// are, after every batch, those of the snapshot's signature rows (made from the clusters as they are).
    /// </summary>
    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property Capture_AfterEveryBatch_SameIdsAsTheSnapshot(Scenario scenario, bool overrides)
    {
        var h = new EngineHarness(overrides ? WithOverrides : Plain);
        foreach (var (b, events) in Batches(scenario))
        {
            h.Batch(events);
            var rows = h.Snapshot.Signatures.ToDictionary(r => r.SignatureId);
            for (var sig = 0; sig < h.Engine.Signatures.Count; sig++)
            {
                var captured = h.Engine.Resolution(sig);
                var row = rows[captured.SignatureId];
                if (captured.ProfileId != row.ProfileId || captured.AccountId != row.AccountId)
                {
                    return false.Label($"after batch {b}, signature {captured.SignatureId}: captured {captured.ProfileId} {captured.AccountId}, snapshot {row.ProfileId} {row.AccountId}");
                }
            }
        }

        return true.ToProperty();
    }

    /// <summary>
    /// What the attribution keeps between resolves (what each signature's own keys say, read again only where clusters
    /// changed; each person's evidence from them, made again only where a signature changed or had more events; the
    /// accounts' names in normal form, by the cluster they were taken from; the role mailboxes' domains) gives, after
    /// every batch, what an attribution computed afresh from the same clusters gives: every signature's person, account
    /// and basis, where each company key in no stated group maps, which clusters are accounts, and every person's employers;
    /// with the changed people's evidence made from a pass over every signature, from each person's own, or as the
    /// attribution chooses.
    /// </summary>
    [Property(MaxTest = 500, Arbitrary = [typeof(Scenarios)])]
    public Property Resolve_AttributionKeptBetweenBatches_SameAsComputedAfresh(Scenario scenario, bool overrides, bool? evidenceByScan)
        => KeptSameAsAfresh(scenario, overrides, evidenceByScan);

    /// <summary>
    /// A case the property above found: an account re-anchored on a key seen earlier (same members, another id) flips
    /// the tie between a person's two one-event employers, which are broken by id; the periods kept from before did not.
    /// </summary>
    [Property(MaxTest = 1, Arbitrary = [typeof(Scenarios)], Replay = "(1811407343577033097,12198162940660395253,97)")]
    public Property Resolve_AccountReanchoredBetweenBatches_SameAsComputedAfresh(Scenario scenario, bool overrides, bool? evidenceByScan)
        => KeptSameAsAfresh(scenario, overrides, evidenceByScan);

    private static Property KeptSameAsAfresh(Scenario scenario, bool overrides, bool? evidenceByScan)
    {
        var h = new EngineHarness(overrides ? WithOverrides : Plain);
        h.Engine.Attribution.EvidenceByScan = evidenceByScan;
        foreach (var (b, events) in Batches(scenario))
        {
            h.Batch(events);
            var e = h.Engine;
            var fresh = new AccountAttribution(e.Nodes, e.Signatures, e.People, e.Companies, e.AccountAttributes, e.NamesBeside, e.Rules);
            fresh.Compute();
            var (kept, afresh) = (Render(e.Attribution, e), Render(fresh, e));
            if (kept != afresh)
            {
                return false.Label($"after batch {b}\n--- kept\n{kept}\n--- afresh\n{afresh}");
            }
        }

        return true.ToProperty();

        static string Render(AccountAttribution a, IdentityEngine e) => string.Join("\n",
            Enumerable.Range(0, e.Signatures.Count).Select(sig => $"sig {sig}: {a.ProfileOf(sig)} {a.AccountOf(sig)} {a.BasisOf(sig)}")
                .Concat(a.MappedKeys.OrderBy(m => m.Key).Select(m => $"key {m.Key}: {m.Value}"))
                .Concat(e.Companies.Live().Select(c => $"company {c.Index}: {a.IsAccount(c.Index)}"))
                .Concat(e.People.Live().Select(p => $"person {p.Index}: now {a.CurrentAccount(p.Index)}, moved {a.History(p.Index) is not null}, " +
                                                    string.Join(", ", a.Periods(p.Index))))
                .Concat([$"with history: {string.Join(",", a.ProfilesWithHistory.Order())}"]));
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property Resolve_ReplayingTheSameEvents_ChangesNothing(Scenario scenario, bool overrides)
    {
        var h = new EngineHarness(overrides ? WithOverrides : Plain).Batch([.. scenario.Events]);
        var before = h.Render();
        h.Changes.Clear();
        h.JobChanges.Clear();
        h.Batch([.. scenario.Events.Reverse()]);
        return (before == h.Render() && h.Changes.Count == 0 && h.JobChanges.Count == 0)
            .Label($"changes after replay: {h.Changes.Count}, job changes: {h.JobChanges.Count}");
    }

    /// <summary>
    /// The state checkpointed and loaded by a new engine between batches (a restart, a standby taking over), standing
    /// on runs of order reports and ids written once and merged now and then:
    /// the profiles, accounts, employers and the merges, splits and job changes logged afterwards are those of an
    /// engine that never stopped, with overrides too.
    /// </summary>
    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property Restart_StateSavedAndLoadedBetweenBatches_SameAsNeverStopped(Scenario scenario, PositiveInt restartAfter, bool overrides)
    {
        var rules = overrides ? WithOverrides : Plain;
        var never = new EngineHarness(rules);
        var restarted = new EngineHarness(rules);
        Run(never, scenario.Events, scenario.BatchSizes, restartAfterBatch: null);
        Run(restarted, scenario.Events, scenario.BatchSizes, restartAfterBatch: restartAfter.Get % 4);
        var (a, b) = (never.Render(), restarted.Render());
        var sameLog = never.Changes.SequenceEqual(restarted.Changes) && never.JobChanges.SequenceEqual(restarted.JobChanges);
        return (a == b && sameLog).Label($"--- never stopped\n{a}\n--- restarted\n{b}\nsame change log: {sameLog}");
    }

    /// <summary>
    /// A checkpoint in the running process moves the engine onto the runs it wrote, and the revenue per account it keeps
    /// from the runs by signature takes in the reports since (a new order, or a report preferred over the runs' one): after
    /// every batch, with a snapshot before every checkpoint (so those totals are kept up, not made anew), the state is
    /// that of an engine that never checkpointed.
    /// </summary>
    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property Checkpoint_InTheRunningProcess_SameAsNeverCheckpointed(Scenario scenario, PositiveInt mergeEvery, bool overrides)
    {
        var rules = overrides ? WithOverrides : Plain;
        var (never, checkpointed) = (new EngineHarness(rules), new EngineHarness(rules));
        foreach (var (b, events) in Batches(scenario))
        {
            never.Batch(events);
            checkpointed.Batch(events);
            var (a, c) = (never.Render(), checkpointed.Render());
            if (a != c)
            {
                return false.Label($"after batch {b}\n--- never checkpointed\n{a}\n--- checkpointed\n{c}");
            }

            checkpointed.Checkpoint(mergeRuns: b % (1 + (mergeEvery.Get % 4)) == 0);
        }

        return (never.Render() == checkpointed.Render()).Label("after the last checkpoint");
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Scenarios)])]
    public Property ApplyOverrides_PartWayThrough_SameAsFromTheStart(Scenario scenario)
    {
        var reference = Run(WithOverrides, scenario.Events, [int.MaxValue]);
        var h = new EngineHarness(Plain);
        var half = scenario.Events.Length / 2;
        h.Batch(scenario.Events[..half]);
        h.Engine.ApplyOverrides(IdentityOverrides.Parse(WithOverrides.Overrides, h.Engine.Normalizer));
        h.Batch(scenario.Events[half..]);
        return (reference == h.Render()).Label($"--- from the start\n{reference}\n--- applied after {half} events\n{h.Render()}");
    }

    private static IEnumerable<(int Number, IncomingEvent[] Events)> Batches(Scenario scenario) => Batches(scenario.Events, scenario.BatchSizes);

    /// <summary>The events cut into the batch sizes in turn, each batch with its number.</summary>
    private static IEnumerable<(int Number, IncomingEvent[] Events)> Batches(IncomingEvent[] events, int[] batchSizes)
    {
        var at = 0;
        for (var b = 0; at < events.Length; b++)
        {
            var size = Math.Min(batchSizes[b % batchSizes.Length], events.Length - at);
            yield return (b, events[at..(at + size)]);
            at += size;
        }
    }

    private static string Run(IdentityRules rules, IEnumerable<IncomingEvent> events, int[] batchSizes)
    {
        var h = new EngineHarness(rules);
        Run(h, events, batchSizes, restartAfterBatch: null);
        return h.Render();
    }

    private static void Run(EngineHarness h, IEnumerable<IncomingEvent> events, int[] batchSizes, int? restartAfterBatch)
    {
        foreach (var (b, batch) in Batches([.. events], batchSizes))
        {
            h.Batch(batch);
            // From then on a checkpoint after every batch: the order reports and ids pile up in runs, merged now and then.
            if (b >= restartAfterBatch)
            {
                h.Restart(mergeRuns: b % 3 == 2);
            }
        }
    }

    public sealed record Scenario(IncomingEvent[] Events, int[] BatchSizes)
    {
        public override string ToString() => string.Join("\n", Events.Select(e =>
            $"{e.EventId}@{e.OccurredAt:mm} {e.Identifiers.Email} {e.Identifiers.Phone} {e.Identifiers.AnonymousId} {e.Identifiers.UserId} {e.Identifiers.CrmContactId} | {e.Account?.AccountId} {e.Account?.Inn} {e.Account?.Domain} {e.Account?.Name} {e.Properties.OrderId}"));
    }

    public static class Scenarios
    {
        // anna moves to vasilek.ru; "anan@" is a typo of anna's address; romashka-group.com is a second domain.
        private static readonly string?[] Emails =
        [
            "anna@romashka.ru", "boris@romashka.ru", "vera@vasilek.ru", "anna@gmail.com", "info@romashka.ru", "sales@vasilek.ru",
            "anna@vasilek.ru", "anan@romashka.ru", "gleb@romashka-group.com", null, null,
        ];
        private static readonly string?[] Phones = ["+79160000001", "+79160000002", "+74950000003", null, null, null];
        private static readonly string?[] Cookies = ["ck-1", "ck-2", "ck-3", "kiosk", null, null];
        private static readonly string?[] Users = ["u-1", "u-2", null, null, null];
        private static readonly string?[] Crms = ["C-1", "C-2", "C-3", null, null, null];
        private static readonly string?[] AccountIds = ["A-1", "A-2", null, null, null, null];
        private static readonly string?[] Inns = ["7707083893", "7736207543", null, null, null, null, null];
        private static readonly string?[] Domains = ["romashka.ru", "vasilek.ru", null, null, null, null, null];
        private static readonly string?[] Orders = ["O-1", "O-2", "O-3", null, null, null, null, null];
        private static readonly string?[] Names = ["Anna", "Boris", null, null];
        private static readonly string?[] Companies = ["OOO Romashka", "AO Vasilek", null, null, null];

        public static Arbitrary<Scenario> Scenario()
        {
            var one =
                from email in Gen.Elements(Emails)
                from phone in Gen.Elements(Phones)
                from cookie in Gen.Elements(Cookies)
                from user in Gen.Elements(Users)
                from crm in Gen.Elements(Crms)
                from accountId in Gen.Elements(AccountIds)
                from inn in Gen.Elements(Inns)
                from domain in Gen.Elements(Domains)
                from order in Gen.Elements(Orders)
                from name in Gen.Elements(Names)
                from company in Gen.Elements(Companies)
                from minute in Gen.Choose(0, 40)
                from source in Gen.Elements(EventSources.All.ToArray())
                select (email, phone, cookie ?? ((email ?? phone ?? user ?? crm ?? accountId ?? inn ?? domain) is null ? "ck-9" : null),
                    user, crm, accountId, inn, domain, order, name, company, minute, source);
            var scenario =
                from raw in Gen.ListOf(one).Select(l => l.ToArray())
                from order in Gen.Shuffle(Enumerable.Range(0, raw.Length))
                from sizes in Gen.ArrayOf(Gen.Choose(1, 5)).Where(s => s.Length > 0)
                select new Scenario(
                    order.Select(i => Make(i, raw[i])).ToArray(),
                    sizes);
            return Arb.ToArbitrary(scenario, Shrink);
        }

        private static IncomingEvent Make(int i,
            (string? Email, string? Phone, string? Cookie, string? User, string? Crm, string? AccountId, string? Inn, string? Domain,
                string? Order, string? Name, string? Company, int Minute, EventSource Source) x) =>
            Ev.Make($"e{i:D3}", x.Minute, x.Source, x.Order is null ? EventCatalog.TypesOf(x.Source)[0] : EventCatalog.OrderCompleted,
                email: x.Email, phone: x.Phone, cookie: x.Cookie, user: x.User, crm: x.Crm, accountId: x.AccountId,
                inn: x.Inn, domain: x.Domain, company: x.Company, firstName: x.Name, orderId: x.Order, amount: x.Order is null ? null : 10 + x.Minute);

        private static IEnumerable<Scenario> Shrink(Scenario s)
        {
            for (var i = 0; i < s.Events.Length; i++)
            {
                yield return s with { Events = [.. s.Events[..i], .. s.Events[(i + 1)..]] };
            }
        }
    }
}
