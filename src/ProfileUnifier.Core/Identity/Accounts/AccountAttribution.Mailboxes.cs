namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// The role mailboxes alone in their company cluster (most of the keys in no stated group): each takes its domain's
/// account, kept between computes and looked at again only when it became alone, its domain's account changed, or
/// its domain was still unknown. Mapping all of them afresh was a third of a small batch's resolve on a large state.
/// </summary>
internal sealed partial class AccountAttribution
{
    private readonly HashSet<int> _lonelyMailboxes = [];

    /// <summary>The account each lone mailbox maps to (-1: none).</summary>
    private readonly Dictionary<int, int> _lonelyAccounts = [];

    /// <summary>The lone mailboxes of each domain node, and those whose domain is not known yet.</summary>
    private readonly Dictionary<int, List<int>> _lonelyOfDomain = [];
    private readonly HashSet<int> _lonelyWithoutDomain = [];

    /// <summary>Mailboxes alone since the last compute, and domains with lone mailboxes whose cluster changed.</summary>
    private readonly List<int> _newLonely = [];
    private readonly HashSet<int> _domainsMoved = [];

    /// <summary>The domain node of each role mailbox, once there is one (nodes are never removed nor renumbered).</summary>
    private readonly Dictionary<int, int> _mailboxDomains = [];

    /// <summary>The keys of a cluster slot's old members array: mailboxes no longer alone, domains that may have moved.</summary>
    private void LeaveLonely(int[]? members)
    {
        foreach (var node in members ?? [])
        {
            if (_lonelyOfDomain.ContainsKey(node))
            {
                _domainsMoved.Add(node);
            }

            if (!_lonelyMailboxes.Remove(node))
            {
                continue;
            }

            _lonelyAccounts.Remove(node);
            if (!_lonelyWithoutDomain.Remove(node) && _mailboxDomains.TryGetValue(node, out var domain) &&
                _lonelyOfDomain.TryGetValue(domain, out var mailboxes))
            {
                mailboxes.Remove(node);
                if (mailboxes.Count == 0)
                {
                    _lonelyOfDomain.Remove(domain);
                }
            }
        }
    }

    private void JoinLonely(int[] members)
    {
        foreach (var node in members)
        {
            if (_lonelyMailboxes.Add(node))
            {
                _newLonely.Add(node);
            }
        }
    }

    /// <summary>
    /// Brings the lone mailboxes' accounts up to date (after the other keys were mapped), adding to
    /// <paramref name="changed"/> those whose account changed.
    /// </summary>
    private void MapLonelyMailboxes(HashSet<int> changed)
    {
        var again = new List<int>();
        foreach (var domain in changed.Concat(_domainsMoved))
        {
            if (_lonelyOfDomain.TryGetValue(domain, out var mailboxes))
            {
                again.AddRange(mailboxes);
            }
        }

        var waiting = _lonelyWithoutDomain.ToList();
        _lonelyWithoutDomain.Clear();
        foreach (var mailbox in _newLonely.Concat(waiting))
        {
            if (DomainOf(mailbox) is var domain and >= 0)
            {
                if (!_lonelyOfDomain.TryGetValue(domain, out var mailboxes))
                {
                    _lonelyOfDomain[domain] = mailboxes = [];
                }

                mailboxes.Add(mailbox);
            }
            else
            {
                _lonelyWithoutDomain.Add(mailbox);
            }

            again.Add(mailbox);
        }

        foreach (var mailbox in again)
        {
            var account = MailboxAccount(mailbox);
            if (!_lonelyAccounts.TryGetValue(mailbox, out var before) || before != account)
            {
                _lonelyAccounts[mailbox] = account;
                changed.Add(mailbox);
            }
        }

        _newLonely.Clear();
        _domainsMoved.Clear();
    }

    /// <summary>
    /// A role mailbox belongs to the company of its domain, whoever used it; to none when the domain is ambiguous (a
    /// holding's): its users, of either company, say nothing about which.
    /// </summary>
    private int MailboxAccount(int mailbox) => DomainOf(mailbox) is var domain and >= 0 ? AccountOfKey(domain) : -1;

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
}
