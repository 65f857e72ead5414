using ProfileUnifier.Core.Identity.Graph;

namespace ProfileUnifier.Core.Identity.Snapshot;

/// <summary>Builds the snapshot tables in one pass over signatures, then one over each cluster set.</summary>
internal sealed class SnapshotBuilder(IdentityEngine engine)
{
    private readonly NodeTable _nodes = engine.Nodes;
    private readonly SignatureTable _signatures = engine.Signatures;

    public IdentitySnapshot Build()
    {
        var people = engine.People;
        var companies = engine.Companies;
        var profileStats = new ActivityStats[people.Capacity];
        var profileTraits = new TraitsRecord?[people.Capacity];
        var accountStats = new ActivityStats[companies.Capacity];
        var signatureRows = new List<SignatureRow>(_signatures.Count);
        for (var sig = 0; sig < _signatures.Count; sig++)
        {
            var profile = engine.ProfileClusterOf(sig);
            var account = engine.AccountClusterOf(sig, profile);
            signatureRows.Add(new SignatureRow(engine.SignatureId(sig),
                profile >= 0 ? people[profile].Id : null, account >= 0 ? companies[account].Id : null, _signatures.Events[sig]));
            if (profile >= 0)
            {
                (profileStats[profile] ??= new ActivityStats()).Add(_signatures, sig);
                if (_signatures.Traits.TryGetValue(sig, out var traits))
                {
                    (profileTraits[profile] ??= new TraitsRecord()).Merge(traits);
                }
            }

            if (account >= 0)
            {
                (accountStats[account] ??= new ActivityStats()).Add(_signatures, sig);
            }
        }

        var contacts = new int[companies.Capacity];
        var profiles = new List<ProfileRow>(people.Count);
        foreach (var (index, cluster) in people.Live())
        {
            var account = engine.ProfileAccount(index);
            if (account >= 0)
            {
                contacts[account]++;
            }

            profiles.Add(Profile(cluster, account >= 0 ? companies[account].Id : null, profileStats[index], profileTraits[index]));
        }

        var revenue = new decimal[companies.Capacity];
        var orders = new int[companies.Capacity];
        foreach (var (_, order) in engine.Orders.All)
        {
            var account = engine.AccountClusterOf(order.Signature, engine.ProfileClusterOf(order.Signature));
            if (account >= 0)
            {
                // decimal sums exactly, so revenue does not depend on the order orders arrived in.
                revenue[account] += (decimal)order.Amount;
                orders[account]++;
            }
        }

        var accounts = new List<AccountRow>(companies.Count);
        foreach (var (index, cluster) in companies.Live())
        {
            accounts.Add(Account(cluster, contacts[index], (double)revenue[index], orders[index], accountStats[index]));
        }

        profiles.Sort((a, b) => string.CompareOrdinal(a.ProfileId, b.ProfileId));
        accounts.Sort((a, b) => string.CompareOrdinal(a.AccountId, b.AccountId));
        signatureRows.Sort((a, b) => string.CompareOrdinal(a.SignatureId, b.SignatureId));
        return new IdentitySnapshot(Identities(), profiles, accounts, signatureRows);
    }

    private ProfileRow Profile(ClusterInfo cluster, string? accountId, ActivityStats? stats, TraitsRecord? traits)
    {
        var emails = new List<string>();
        var phones = new List<string>();
        var socials = new List<string>();
        string? crm = null, user = null;
        var anonymous = 0;
        foreach (var m in cluster.Members)
        {
            var value = _nodes.Value[m];
            switch (_nodes.Kind[m])
            {
                case IdentifierKind.Email: emails.Add(value); break;
                case IdentifierKind.Phone: phones.Add(value); break;
                case IdentifierKind.Social: socials.Add(value); break;
                case IdentifierKind.CrmContactId: crm = value; break;
                case IdentifierKind.UserId: user = value; break;
                default: anonymous++; break;
            }
        }

        emails.Sort(StringComparer.Ordinal);
        phones.Sort(StringComparer.Ordinal);
        socials.Sort(StringComparer.Ordinal);
        stats ??= new ActivityStats();
        return new ProfileRow(cluster.Id, accountId, traits?.FirstName.Value, traits?.LastName.Value, traits?.Title.Value,
            traits?.Role.Value, emails, phones, crm, user, socials, anonymous, Utc(stats.First), Utc(stats.Last),
            stats.Events, stats.BySource);
    }

    private AccountRow Account(ClusterInfo cluster, int contacts, double revenue, int orders, ActivityStats? stats)
    {
        string? crm = null, inn = null;
        var domains = new List<int>();
        var phones = new List<string>();
        var attributes = new AccountAttributesRecord();
        foreach (var m in cluster.Members)
        {
            switch (_nodes.Kind[m])
            {
                case IdentifierKind.CrmAccountId: crm = _nodes.Value[m]; break;
                case IdentifierKind.Inn: inn = _nodes.Value[m]; break;
                case IdentifierKind.Domain: domains.Add(m); break;
                case IdentifierKind.OfficePhone or IdentifierKind.Phone: phones.Add(_nodes.Value[m]); break;
                default: break;
            }

            if (engine.AccountAttributes.TryGetValue(m, out var record))
            {
                attributes.Merge(record);
            }
        }

        // The main domain is the one seen in most events.
        domains.Sort((a, b) => _nodes.Events[a] != _nodes.Events[b]
            ? _nodes.Events[b].CompareTo(_nodes.Events[a])
            : string.CompareOrdinal(_nodes.Value[a], _nodes.Value[b]));
        var domainValues = domains.Select(d => _nodes.Value[d]).ToList();
        phones.Sort(StringComparer.Ordinal);
        return new AccountRow(cluster.Id, crm, inn, domainValues.FirstOrDefault(), domainValues, phones,
            attributes.Name.Value, attributes.Industry.Value, attributes.Region.Value, attributes.Employees.Value,
            contacts, revenue, orders, stats is null ? null : Utc(stats.First), stats is null ? null : Utc(stats.Last),
            stats?.Events ?? 0);
    }

    private List<IdentityRow> Identities()
    {
        var rows = new List<IdentityRow>(_nodes.Count);
        var people = engine.People;
        var companies = engine.Companies;
        for (var node = 0; node < _nodes.Count; node++)
        {
            var kind = _nodes.Kind[node];
            var person = kind.IsPersonLevel();
            var personCluster = _nodes.PersonCluster[node];
            var accountCluster = _nodes.AccountCluster[node];
            if (accountCluster < 0 && personCluster >= 0)
            {
                accountCluster = engine.ProfileAccount(personCluster);
            }

            var shared = person ? _nodes.IsPersonShared(node) : _nodes.IsAccountShared(node);
            rows.Add(new IdentityRow(kind.WireName(), _nodes.Value[node], person ? "person" : "account",
                personCluster >= 0 ? people[personCluster].Id : null,
                accountCluster >= 0 ? companies[accountCluster].Id : null,
                shared, shared ? _nodes.SharedReason(node, person, engine.Rules.MaxEmailsPerIdentifier) : null,
                Utc(_nodes.FirstSeen[node]), Utc(_nodes.LastSeen[node]), _nodes.Events[node]));
        }

        rows.Sort((a, b) =>
        {
            var byType = string.CompareOrdinal(a.IdentifierType, b.IdentifierType);
            return byType != 0 ? byType : string.CompareOrdinal(a.IdentifierValue, b.IdentifierValue);
        });
        return rows;
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);
}
