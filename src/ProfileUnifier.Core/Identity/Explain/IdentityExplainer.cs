using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity.Accounts;
using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Explain;

/// <summary>
/// Answers <c>explain</c> from an engine fed the lake's events through <see cref="IdentityEngine.Observe(ProfileUnifier.Core.Events.IncomingEvent, IdentityKeys)"/> (which also notes the
/// first event of each identifier set, to name the events behind every link). Why two identifiers are in one
/// profile: the chain of links and the events that made them. Why not: the shortest chain the events offer and
/// what broke it (an identifier shared past a limit, a conflict the evidence decided, an override). Why an event
/// or a person is on an account: the evidence that won.
/// </summary>
public sealed class IdentityExplainer(IdentityEngine engine)
{
    private readonly NodeTable _nodes = engine.Nodes;
    private readonly SignatureTable _signatures = engine.Signatures;
    private readonly AccountAttribution _accounts = engine.Attribution;
    private readonly Dictionary<int, (long Ticks, string EventId)> _first = [];
    private readonly Dictionary<string, (int Signature, long Ticks)?> _watched = new(StringComparer.Ordinal);

    /// <summary>Asks to remember where this event goes, for <see cref="ExplainEvent"/>.</summary>
    public void Watch(string eventId) => _watched[eventId] = null;

    public int Observe(IncomingEvent e, IdentityKeys keys)
    {
        var sig = engine.Observe(e, keys);
        var ticks = e.OccurredAt.UtcTicks;
        if (!_first.TryGetValue(sig, out var first) || ticks < first.Ticks || (ticks == first.Ticks && string.CompareOrdinal(e.EventId, first.EventId) < 0))
        {
            _first[sig] = (ticks, e.EventId);
        }

        if (_watched.ContainsKey(e.EventId))
        {
            _watched[e.EventId] = (sig, ticks);
        }

        return sig;
    }

    /// <summary>Explains one identifier (its profile and account) or two (why they are, or are not, in one profile).</summary>
    public Explanation Explain(IReadOnlyList<IdentityKey> identifiers)
    {
        var nodes = identifiers.Select(k => _nodes.TryFind(k.Kind, k.Value, out var n) ? n : -1).ToList();
        var facts = identifiers.Select((k, i) => Facts(k, nodes[i])).ToList();
        var accounts = nodes.Where(n => n >= 0).Select(AccountOfIdentifier).DistinctBy(a => a.Subject).ToList();
        if (identifiers.Count == 1)
        {
            var (answer, chain, reasons) = One(nodes[0], identifiers[0]);
            return new Explanation($"why is {Text(identifiers[0])} where it is?", answer, facts, chain, reasons, null, accounts);
        }

        var (a, b) = (nodes[0], nodes[1]);
        var question = $"why are {Text(identifiers[0])} and {Text(identifiers[1])} (not) in one profile?";
        if (a < 0 || b < 0)
        {
            var unseen = a < 0 ? identifiers[0] : identifiers[1];
            return new Explanation(question, $"no: {Text(unseen)} is in no event of this lake", facts, [], [], null, accounts);
        }

        var (pa, pb) = (_nodes.PersonCluster[a], _nodes.PersonCluster[b]);
        if (pa >= 0 && pa == pb)
        {
            var chain = Chain(Path(a, b, n => _nodes.PersonCluster[n] == pa, Refused(a)));
            return new Explanation(question, $"yes: both are in profile {engine.People.IdOf(pa)}, linked by {chain.Count} link(s)",
                facts, chain, [], null, accounts);
        }

        return WhyNot(question, a, b, facts, accounts);
    }

    /// <summary>Explains one event: its identifiers, the profile it went to, and the evidence that chose its account.</summary>
    public Explanation ExplainEvent(string eventId)
    {
        if (_watched.GetValueOrDefault(eventId) is not { } seen)
        {
            return new Explanation($"why is event {eventId} where it is?", $"no event {eventId} in this lake", [], [], [], null, []);
        }

        var (sig, ticks) = seen;
        var entries = Enumerable.Range(0, _signatures.EntryCount[sig]).Select(i => _signatures.Entry(sig, i)).ToList();
        var profile = _accounts.ProfileOf(sig);
        var via = entries.Select(e => e >> 1).FirstOrDefault(n => _nodes.Kind[n].IsPersonLevel() && _nodes.PersonCluster[n] >= 0, -1);
        var facts = new EventFacts(eventId, Utc(ticks), [.. entries.Select(e => Text(e >> 1) + (IsStated(e) ? " (account block)" : ""))],
            profile >= 0 ? engine.People.IdOf(profile) : null, via >= 0 ? Text(via) : null);
        var answer = profile >= 0
            ? $"profile {engine.People.IdOf(profile)} through {Text(via)}"
            : "no profile: none of its person identifiers is in one (shared, or it has none)";
        var reasons = entries.Select(e => e >> 1).Where(n => _nodes.Kind[n].IsPersonLevel() && SharedReason(n) is not null)
            .Select(n => $"{Text(n)} is shared: {SharedReason(n)}").ToList();
        return new Explanation($"why is event {eventId} where it is?", answer,
            [.. entries.Select(e => e >> 1).Distinct().Select(n => Facts(new IdentityKey(_nodes.Kind[n], _nodes.Value[n]), n))],
            [], reasons, facts, [AccountOfEvent(sig, ticks, entries)]);
    }

    private (string Answer, List<ExplainedLink> Chain, List<string> Reasons) One(int node, IdentityKey key)
    {
        if (node < 0)
        {
            return ($"{Text(key)} is in no event of this lake", [], []);
        }

        var profile = _nodes.PersonCluster[node];
        if (!_nodes.Kind[node].IsPersonLevel())
        {
            return ($"{Text(node)} is a company key: it never joins people into a profile", [], []);
        }

        if (profile < 0)
        {
            return ($"{Text(node)} is in no profile", [], [$"{Text(node)} is shared: {SharedReason(node)}"]);
        }

        var cluster = engine.People[profile];
        var chain = Chain(Path(cluster.Anchor, node, n => _nodes.PersonCluster[n] == profile, Refused(node)));
        return ($"profile {engine.People.IdOf(cluster)} ({cluster.Members.Length} identifiers, anchored on {Text(cluster.Anchor)}, the first seen)", chain, []);
    }

    private Explanation WhyNot(string question, int a, int b, List<IdentifierFacts> facts, List<AccountExplanation> accounts)
    {
        var path = Path(a, b, n => _nodes.Kind[n].IsPersonLevel(), []);
        if (path is null)
        {
            return new Explanation(question, "no: no chain of events connects them, not even through other identifiers", facts, [], [], null, accounts);
        }

        var (graph, clashes) = engine.PersonLevel.Diagnose(path.FirstOrDefault(n => engine.PersonLevel.Policy.IsMember(_nodes, n), a));
        var reasons = new List<string>();
        var chain = new List<ExplainedLink>();
        for (var i = 0; i + 1 < path.Count; i++)
        {
            var (u, v) = (path[i], path[i + 1]);
            var why = Blocked(u, graph, clashes) ?? Blocked(v, graph, clashes) ?? RefusedWhy(u, v, graph, clashes);
            chain.Add(Link(u, v, why));
            if (why is not null && !reasons.Contains(why))
            {
                reasons.Add(why);
            }
        }

        var answer = reasons.Count > 0
            ? $"no: they are in different profiles ({ProfileText(a)}, {ProfileText(b)}); the chain that would join them is broken"
            : $"no: they are in different profiles ({ProfileText(a)}, {ProfileText(b)})";
        return new Explanation(question, answer, facts, chain, reasons, null, accounts);
    }

    /// <summary>Why an identifier on a chain does not link: shared past a limit, an override, or left out in a conflict.</summary>
    private string? Blocked(int node, ComponentGraph graph, List<Clash> clashes)
    {
        if ((_nodes.Flags[node] & (NodeFlags.DirectPersonShared | NodeFlags.NeverLink)) != 0)
        {
            return $"{Text(node)} is shared: {SharedReason(node)}";
        }

        if (!graph.Local.TryGetValue(node, out var local))
        {
            return null;
        }

        foreach (var clash in clashes)
        {
            if (clash.Banned == local)
            {
                return $"{Text(node)} is shared: it would put {Text(graph.Nodes[clash.Holder])} and {Text(graph.Nodes[clash.Other])} " +
                       $"in one profile ({graph.DescribeKey(clash.Key, engine.PersonLevel.Policy)})";
            }
        }

        return null;
    }

    private string? RefusedWhy(int u, int v, ComponentGraph graph, List<Clash> clashes)
    {
        if (!graph.Local.TryGetValue(u, out var lu) || !graph.Local.TryGetValue(v, out var lv))
        {
            return null;
        }

        foreach (var clash in clashes)
        {
            if (clash.Banned < 0 && ((clash.Edge.U == lu && clash.Edge.V == lv) || (clash.Edge.U == lv && clash.Edge.V == lu)))
            {
                var (holder, other) = (graph.Nodes[clash.Holder], graph.Nodes[clash.Other]);
                return clash.Key >= ComponentGraph.FirstPairKey
                    ? $"the link {Text(u)} ── {Text(v)} is refused: {graph.DescribeKey(clash.Key, engine.PersonLevel.Policy)}"
                    : $"the link {Text(u)} ── {Text(v)} is refused: it would give one person {Text(holder)} and {Text(other)} " +
                      $"({graph.DescribeKey(clash.Key, engine.PersonLevel.Policy)}); the address with less evidence " +
                      "has none of its own beside this link, so it stays apart rather than anything being marked shared";
            }
        }

        return null;
    }

    /// <summary>The links of a node's component that the clustering refused (never shown as links that hold).</summary>
    private HashSet<(int, int)> Refused(int node)
    {
        var refused = new HashSet<(int, int)>();
        if (!engine.PersonLevel.Policy.IsMember(_nodes, node))
        {
            return refused;
        }

        var (graph, clashes) = engine.PersonLevel.Diagnose(node);
        foreach (var clash in clashes.Where(c => c.Banned < 0))
        {
            refused.Add((graph.Nodes[clash.Edge.U], graph.Nodes[clash.Edge.V]));
            refused.Add((graph.Nodes[clash.Edge.V], graph.Nodes[clash.Edge.U]));
        }

        return refused;
    }

    /// <summary>The shortest chain of co-occurrences from a to b through nodes <paramref name="allowed"/> admits; null when none.</summary>
    private List<int>? Path(int a, int b, Func<int, bool> allowed, HashSet<(int, int)> refused)
    {
        var previous = new Dictionary<int, int> { [a] = -1 };
        var queue = new Queue<int>();
        queue.Enqueue(a);
        while (queue.TryDequeue(out var node))
        {
            if (node == b)
            {
                var path = new List<int>();
                for (var n = b; n >= 0; n = previous[n])
                {
                    path.Add(n);
                }

                path.Reverse();
                return path;
            }

            // Neighbours in a fixed order (kind, value), so the chain shown is the same on every run.
            var next = new SortedSet<int>(Comparer<int>.Create(_nodes.CompareKeys));
            for (var link = _nodes.SigHead[node]; link >= 0; link = _signatures.IncidenceNext(link))
            {
                var sig = _signatures.IncidenceSig(link);
                for (var i = 0; i < _signatures.EntryCount[sig]; i++)
                {
                    var other = _signatures.Entry(sig, i) >> 1;
                    if (!previous.ContainsKey(other) && allowed(other) && !refused.Contains((node, other)))
                    {
                        next.Add(other);
                    }
                }
            }

            foreach (var other in next)
            {
                previous[other] = node;
                queue.Enqueue(other);
            }
        }

        return null;
    }

    private List<ExplainedLink> Chain(List<int>? path)
    {
        var chain = new List<ExplainedLink>();
        for (var i = 0; path is not null && i + 1 < path.Count; i++)
        {
            chain.Add(Link(path[i], path[i + 1], null));
        }

        return chain;
    }

    /// <summary>A link with the first event that had both identifiers, and how many events did.</summary>
    private ExplainedLink Link(int u, int v, string? why)
    {
        (long Ticks, string EventId)? first = null;
        var events = 0;
        for (var link = _nodes.SigHead[u]; link >= 0; link = _signatures.IncidenceNext(link))
        {
            var sig = _signatures.IncidenceSig(link);
            if (!Contains(sig, v))
            {
                continue;
            }

            events += _signatures.Events[sig];
            if (_first.TryGetValue(sig, out var f) && (first is null || f.Ticks < first.Value.Ticks ||
                (f.Ticks == first.Value.Ticks && string.CompareOrdinal(f.EventId, first.Value.EventId) < 0)))
            {
                first = f;
            }
        }

        return new ExplainedLink(Text(u), Text(v), why is null, first?.EventId, first is { } x ? Utc(x.Ticks) : null, events, why);
    }

    private bool Contains(int sig, int node)
    {
        for (var i = 0; i < _signatures.EntryCount[sig]; i++)
        {
            if (_signatures.Entry(sig, i) >> 1 == node)
            {
                return true;
            }
        }

        return false;
    }

    private IdentifierFacts Facts(IdentityKey key, int node)
    {
        if (node < 0)
        {
            return new IdentifierFacts(Text(key), null, null, null, 0, null, null, null);
        }

        var profile = _nodes.PersonCluster[node];
        var account = AccountIndexOf(node);
        return new IdentifierFacts(Text(node), _nodes.Kind[node].WireName(), profile >= 0 ? engine.People.IdOf(profile) : null,
            account >= 0 ? engine.Companies.IdOf(account) : null, _nodes.Events[node], Utc(_nodes.FirstSeen[node]),
            Utc(_nodes.LastSeen[node]), SharedReason(node));
    }

    private int AccountIndexOf(int node) =>
        !_nodes.Kind[node].IsPersonLevel() || _nodes.AccountCluster[node] >= 0 ? _accounts.AccountOfKey(node)
        : _nodes.PersonCluster[node] >= 0 ? _accounts.CurrentAccount(_nodes.PersonCluster[node]) : -1;

    /// <summary>Why an identifier (a company key, or a person's) is on its account.</summary>
    private AccountExplanation AccountOfIdentifier(int node)
    {
        var subject = Text(node);
        if (_nodes.Kind[node].IsPersonLevel() && _nodes.AccountCluster[node] < 0)
        {
            var profile = _nodes.PersonCluster[node];
            if (profile < 0)
            {
                return new AccountExplanation(subject, null, null, null, "no profile, so no employer", []);
            }

            var periods = Employment(profile);
            var current = _accounts.CurrentAccount(profile);
            var why = periods.Count switch
            {
                0 => "none of the person's events names or implies a company",
                1 => "the person's employer: the account their events' company evidence names (account blocks weigh 3, implied keys 1)",
                _ => $"the person's current employer; they moved {periods.Count - 1} time(s): evidence at one account ended before evidence at the next began",
            };
            return new AccountExplanation($"profile {engine.People.IdOf(profile)}", current >= 0 ? engine.Companies.IdOf(current) : null,
                current >= 0 ? AccountName(current) : null, current >= 0 ? "person" : null, why, periods);
        }

        var account = _accounts.AccountOfKey(node);
        return new AccountExplanation(subject, account >= 0 ? engine.Companies.IdOf(account) : null, account >= 0 ? AccountName(account) : null,
            account >= 0 ? "implied" : null, KeyWhy(node, account), []);
    }

    /// <summary>Why an account-level key maps to its account (or to none).</summary>
    private string KeyWhy(int node, int account)
    {
        var cluster = _nodes.AccountCluster[node];
        if (cluster >= 0 && _accounts.IsAccount(cluster))
        {
            var stated = engine.Companies[cluster].Members.Where(m => _nodes.Kind[m].IsStatable() && (_nodes.Flags[m] & NodeFlags.Stated) != 0)
                .OrderBy(m => m, Comparer<int>.Create(_nodes.CompareKeys)).Take(4).Select(Text).ToList();
            return stated.Count == 0
                ? "a domain no account block states and no one account claims: an account of its own"
                : $"in the group of company keys account blocks state ({string.Join(", ", stated)})";
        }

        if (account < 0)
        {
            return cluster < 0
                ? $"in no account: {SharedReason(node) ?? "not a company key on its own"}"
                : "in no account: no account block states it, the people seen with it do not agree on one (or none has an account), and no block beside it names one account";
        }

        if (_nodes.Kind[node] == IdentifierKind.RoleEmail)
        {
            return "a role mailbox belongs to the account of its domain";
        }

        return engine.NamesBeside.NameOf(node) is { } name && NamesBeside.Normal(AccountName(account) ?? "") == name
            ? $"no account block states it; the blocks beside it name \"{AccountName(account)}\", the only account of that name"
            : "no account block states it; every person seen with it worked for this account at the time";
    }

    private AccountExplanation AccountOfEvent(int sig, long ticks, List<int> entries)
    {
        var basis = _accounts.BasisOf(sig);
        var account = _accounts.AccountOf(sig);
        var profile = _accounts.ProfileOf(sig);
        if (basis == AccountBasis.Person)
        {
            account = _accounts.AccountAt(profile, ticks);
        }

        var why = basis switch
        {
            AccountBasis.Stated => $"its account block states it ({string.Join(", ", entries.Where(IsStated).Select(e => Text(e >> 1)))})",
            AccountBasis.Implied => ImpliedWhy(entries, account),
            AccountBasis.Person => $"it has no company key of its own, so it goes to its person's employer at {Utc(ticks):yyyy-MM-dd HH:mm} UTC",
            _ => "no account: no block, no company key of its own, and no employer known for its person",
        };
        return new AccountExplanation("the event", account >= 0 ? engine.Companies.IdOf(account) : null, account >= 0 ? AccountName(account) : null,
            basis.WireName(), why, basis == AccountBasis.Person ? Employment(profile) : []);
    }

    private string ImpliedWhy(List<int> entries, int account)
    {
        var key = entries.Select(e => e >> 1).FirstOrDefault(n => !_nodes.Kind[n].IsPersonLevel() && _accounts.AccountOfKey(n) == account && !IsStatedNode(n, entries), -1);
        return key < 0 ? "a company key of its own implies it" : $"its own company key {Text(key)} implies it: {KeyWhy(key, account)}";
    }

    private bool IsStatedNode(int node, List<int> entries) => entries.Any(e => e >> 1 == node && IsStated(e));

    private List<EmploymentFacts> Employment(int profile) =>
    [
        .. _accounts.Periods(profile).Select(p => new EmploymentFacts(engine.Companies.IdOf(p.Account), AccountName(p.Account),
            p.From == long.MinValue ? null : Utc(p.From), p.To == long.MaxValue ? null : Utc(p.To), Utc(p.FirstSeen), Utc(p.LastSeen), p.Events)),
    ];

    private string? AccountName(int account) => _accounts.NameOf(account);

    private string? SharedReason(int node)
    {
        var person = _nodes.Kind[node].IsPersonLevel();
        if (engine.Overrides.NeverLinkRule(_nodes.Kind[node], _nodes.Value[node]) is { } rule)
        {
            return $"override {rule}";
        }

        if (!(person ? _nodes.IsPersonShared(node) : _nodes.IsAccountShared(node)))
        {
            return null;
        }

        var reason = _nodes.SharedReason(node, person, engine.Rules.MaxEmailsPerIdentifier);
        var notes = person ? _nodes.PersonShared : _nodes.AccountShared;
        return notes.TryGetValue(node, out var note) && note.EventId is not null ? $"{reason} (since event {note.EventId})" : reason;
    }

    private string ProfileText(int node) =>
        _nodes.PersonCluster[node] >= 0 ? $"{Text(node)} in {engine.People.IdOf(_nodes.PersonCluster[node])}" : $"{Text(node)} in none";

    private bool IsStated(int entry) => _signatures.IsStatedEntry(entry, _nodes);

    private string Text(int node) => $"{_nodes.Kind[node].WireName()}:{_nodes.Value[node]}";

    private static string Text(IdentityKey key) => $"{key.Kind.WireName()}:{key.Value}";

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);
}
