namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// The mapping of the company keys in no stated group (see <see cref="MapUnstatedKeys"/>), kept between computes. A
/// group's keys map by their votes and kinds alone, except where the pass order decides: a domain that became an account
/// of its own, and a key with no vote that the blocks beside it name (looked up among the stated accounts and the domains
/// made accounts so far). So a compute maps again, in slot order, only the groups whose inputs changed and the groups
/// the order decides for; every other group's keys keep what they had. Mapping the ~4,000 such groups of the 5M-line
/// file afresh at every resolve was the largest part of a small batch's attribution on a large state.
/// </summary>
internal sealed partial class AccountAttribution
{
    /// <summary>Company clusters whose keys are to be mapped again: their slot changed, a key's vote was counted again, or a key was named beside.</summary>
    private readonly HashSet<int> _mapDirty = [];

    /// <summary>Company keys given a name beside them since the last compute (their clusters are mapped again).</summary>
    private readonly List<int> _namedBeside = [];

    /// <summary>The keys of the slots that changed, as they were at the last compute: those that left may be mapped no more.</summary>
    private readonly List<int> _leftSlots = [];

    /// <summary>The mapped clusters whose keys the pass order decides for, in slot order (mapped again at every compute).</summary>
    private List<int> _orderDecides = [];

    /// <summary>The role mailboxes in mapped clusters: they take their domain's account after the pass, at every compute.</summary>
    private readonly HashSet<int> _groupedMailboxes = [];

    /// <summary>Tells that a block beside this company key gave it a name, or a second one that clears it.</summary>
    public void NamedBeside(int node) => _namedBeside.Add(node);

    /// <summary>
    /// A company key outside every stated group takes the account its people worked for when they used it, if
    /// they all agree; else the one account the blocks beside it name; a domain left over is an account of its own;
    /// a role mailbox is its domain's (none when its domain has none). Returns the keys whose account changed: their
    /// mapping, or their cluster made an account of its own or no longer.
    /// </summary>
    private HashSet<int> MapUnstatedKeys()
    {
        foreach (var node in _namedBeside)
        {
            if (nodes.AccountCluster[node] is var cluster and >= 0)
            {
                _mapDirty.Add(cluster);
            }
        }

        _namedBeside.Clear();
        // At the first compute every cluster is new to the attribution, so every one is mapped.
        var changed = MapAgain(SortDistinct([.. _mapDirty, .. _orderDecides]));
        _mapDirty.Clear();
        _leftSlots.Clear();
        return changed;
    }

    /// <summary>
    /// Maps again the keys of these clusters (in slot order) and those that left a changed slot; returns the keys whose
    /// account changed.
    /// </summary>
    private HashSet<int> MapAgain(List<int> slots)
    {
        GrowKeeping(ref _isAccount, companies.Capacity);
        // Each key that may map otherwise leaves the mapping first, with what it mapped to (-1: none, as when absent).
        var before = new Dictionary<int, int>();
        void Leave(int node)
        {
            var had = _mapped.Remove(node, out var account) ? account : -1;
            before.TryAdd(node, had);
            _groupedMailboxes.Remove(node);
        }

        foreach (var node in _leftSlots)
        {
            Leave(node);
        }

        var wasAccount = new List<(int Slot, bool Was)>(slots.Count);
        var mapped = new List<int>(slots.Count);
        foreach (var slot in slots)
        {
            foreach (var node in companies[slot].Members ?? [])
            {
                Leave(node);
            }

            wasAccount.Add((slot, _isAccount[slot]));
            _isAccount[slot] = _stated[slot];
            if (_mapsKeys[slot])
            {
                mapped.Add(slot);
            }
        }

        _orderDecides = MapInOrder(mapped);
        foreach (var mailbox in _groupedMailboxes)
        {
            before.TryAdd(mailbox, _mapped.GetValueOrDefault(mailbox, -1));
            _mapped[mailbox] = MailboxAccount(mailbox);
        }

        var changed = new HashSet<int>();
        foreach (var (node, account) in before)
        {
            if (_mapped.GetValueOrDefault(node, -1) != account)
            {
                changed.Add(node);
            }
        }

        foreach (var (slot, was) in wasAccount)
        {
            if (_isAccount[slot] != was && companies[slot].Members is { } members)
            {
                changed.UnionWith(members);
            }
        }

        return changed;
    }

    /// <summary>
    /// Maps the keys of these clusters, in slot order; a role mailbox is noted, to take its domain's account after. Returns
    /// the clusters the order decided for: those made accounts of their own, and those with a key of no vote that the
    /// blocks beside it name (the accounts by name include the domains made accounts before it in the pass).
    /// </summary>
    private List<int> MapInOrder(List<int> slots)
    {
        var promoted = new List<int>();
        var orderDecides = new List<int>();
        Dictionary<string, int>? promotedByName = null;
        foreach (var index in slots)
        {
            var byOrder = false;
            foreach (var node in companies[index].Members!)
            {
                if (nodes.Kind[node] == IdentifierKind.RoleEmail)
                {
                    _groupedMailboxes.Add(node);
                    continue;
                }

                var vote = _votes.GetValueOrDefault(node, Disagree);
                if (vote == Disagree && namesBeside.All.GetValueOrDefault(node) is { } given)
                {
                    byOrder = true;
                    if (AccountNamed(Normal(given), promotedByName ??= NamesOfAccounts(promoted)) is var named and >= 0)
                    {
                        vote = named;
                    }
                }

                if (vote == Disagree && nodes.Kind[node] == IdentifierKind.Domain)
                {
                    if (!_isAccount[index])
                    {
                        promoted.Add(index);
                    }

                    _isAccount[index] = true;
                    vote = index;
                    byOrder = true;
                }

                _mapped[node] = vote == Disagree ? -1 : vote;
            }

            if (byOrder)
            {
                orderDecides.Add(index);
            }
        }

        // A domain that became an account of its own is no longer a key mapped elsewhere, nor are the other keys of its
        // group (only the groups that were no account before this have keys in the map).
        foreach (var slot in promoted)
        {
            foreach (var node in companies[slot].Members!)
            {
                _mapped.Remove(node);
            }
        }

        return orderDecides;
    }
}
