using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Accounts;

/// <summary>
/// The accounts by name, for the keys in no stated group that the blocks beside them name: the stated accounts' names
/// kept between computes and looked at again only for the clusters that changed or whose keys were given a name. Making
/// them from every company cluster at each compute was a quarter of a small batch's resolve on a large state.
/// </summary>
internal sealed partial class AccountAttribution
{
    /// <summary>
    /// Names as <see cref="NamesBeside.Normal"/> makes them, by the name as given: every resolve compares the names given
    /// beside keys in no stated group, and the same few thousand strings were split, joined and upper-cased again each time.
    /// </summary>
    private readonly Dictionary<string, string> _normalNames = new(StringComparer.Ordinal);

    /// <summary>The stated accounts' latest names in normal form, by cluster index; and the accounts with each name.</summary>
    private readonly Dictionary<int, string> _statedNames = [];
    private readonly Dictionary<string, List<int>> _accountsNamed = new(StringComparer.Ordinal);

    /// <summary>Company clusters whose name is to be looked at again: their members or stated keys changed, or one was given a name.</summary>
    private readonly HashSet<int> _namesChanged = [];
    private readonly List<int> _renamed = [];

    /// <summary>Tells that an account block gave this company key a name later than the one it had (the same or another).</summary>
    public void NameChanged(int node) => _renamed.Add(node);

    private void NoteRenamed()
    {
        foreach (var node in _renamed)
        {
            if (nodes.AccountCluster[node] is var cluster and >= 0)
            {
                _namesChanged.Add(cluster);
            }
        }

        _renamed.Clear();
    }

    /// <summary>
    /// The names of the clusters made accounts of their own so far in this compute's pass (-1 for a name two have),
    /// with the stated accounts' names brought up to date: together, the accounts by name.
    /// </summary>
    private Dictionary<string, int> NamesOfAccounts(List<int> promotedSoFar)
    {
        foreach (var slot in _namesChanged)
        {
            if (_statedNames.Remove(slot, out var old) && _accountsNamed.TryGetValue(old, out var named))
            {
                named.Remove(slot);
                if (named.Count == 0)
                {
                    _accountsNamed.Remove(old);
                }
            }

            if (_stated[slot] && NameOf(slot) is { } name)
            {
                var normal = _statedNames[slot] = Normal(name);
                if (!_accountsNamed.TryGetValue(normal, out named))
                {
                    _accountsNamed[normal] = named = [];
                }

                named.Add(slot);
            }
        }

        _namesChanged.Clear();
        var promoted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var slot in promotedSoFar)
        {
            if (NameOf(slot) is { } name)
            {
                var normal = Normal(name);
                promoted[normal] = promoted.ContainsKey(normal) ? -1 : slot;
            }
        }

        return promoted;
    }

    /// <summary>The one account with this name, stated or in <paramref name="promoted"/>; -1 for none, or a name two accounts have.</summary>
    private int AccountNamed(string normal, Dictionary<string, int> promoted)
    {
        var (count, account) = _accountsNamed.TryGetValue(normal, out var named) ? (named.Count, named[0]) : (0, -1);
        if (promoted.TryGetValue(normal, out var slot))
        {
            (count, account) = (count + (slot < 0 ? 2 : 1), slot);
        }

        return count == 1 ? account : -1;
    }

    /// <summary>The latest name account blocks gave the keys of an account cluster.</summary>
    public string? NameOf(int account)
    {
        Stamped<string> latest = default;
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
}
