using System.Globalization;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Query.Profiles;
using ProfileUnifier.Testing;

namespace ProfileUnifier.Query.Tests;

[Collection(RankedLakeCollection.Name)]
public sealed class ProfileFinderTests(RankedLake lake)
{
    private static readonly IdentifierNormalizer Normalizer = new(new IdentityRules());

    [Fact]
    public void Find_EmailInAnotherSpelling_FindsItsProfile()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var (profileId, email) = First(db, "SELECT profile_id, emails[1] FROM profiles WHERE len(emails) > 0 AND emails[1] NOT LIKE '%@gmail.com' ORDER BY events DESC");
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var typed = $"  {email[..at].ToUpperInvariant()}+newsletter@{email[(at + 1)..].ToUpperInvariant()} ";

        var card = Assert.IsType<ProfileCard>(new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Email, typed), 5));

        Assert.Equal(profileId, card.Profile.String("profile_id"));
        Assert.Equal($"email {email}", card.MatchedBy);
    }

    [Fact]
    public void Find_MobileInNationalFormat_FindsItsProfile()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var (profileId, phone) = First(db, "SELECT profile_id, phones[1] FROM profiles WHERE len(phones) > 0 AND phones[1] LIKE '+79%' ORDER BY profile_id");
        var national = $"8 ({phone[2..5]}) {phone[5..8]}-{phone[8..10]}-{phone[10..]}";

        var card = Assert.IsType<ProfileCard>(new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Phone, national), 5));

        Assert.Equal(profileId, card.Profile.String("profile_id"));
    }

    [Fact]
    public void Find_CrmContactId_FindsItsProfileAndAccount()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var (profileId, crm) = First(db, "SELECT profile_id, crm_contact_id FROM profiles WHERE crm_contact_id IS NOT NULL AND account_id IS NOT NULL ORDER BY profile_id");

        var card = Assert.IsType<ProfileCard>(new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.CrmContactId, crm), 5));

        Assert.Equal(profileId, card.Profile.String("profile_id"));
        Assert.Equal(card.Profile.String("account_id"), card.Account?.String("account_id"));
    }

    [Fact]
    public void Find_Profile_TimelineCountsMatchTheEnginesCountsPerSource()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var (profileId, _) = First(db, "SELECT profile_id, '' FROM profiles ORDER BY events DESC");

        var card = Assert.IsType<ProfileCard>(new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.ProfileId, profileId), 3));

        foreach (var source in new[] { "web", "app", "email", "call", "social", "crm" })
        {
            var expected = card.Profile.Long($"events_{source}") ?? 0;
            Assert.Equal(expected, card.Timeline.FirstOrDefault(t => t.Source == source)?.Events ?? 0);
        }

        Assert.All(card.Timeline, t =>
        {
            Assert.InRange(t.Latest.Count, 1, 3);
            Assert.Equal(t.Latest.OrderByDescending(e => e.OccurredAt).Select(e => e.EventId), t.Latest.Select(e => e.EventId));
            Assert.Equal(t.Last, t.Latest[0].OccurredAt);
        });
    }

    [Theory]
    [InlineData("account_id")]
    [InlineData("crm_account_id")]
    [InlineData("inn")]
    [InlineData("domain")]
    [InlineData("name")]
    public void Find_AccountByAnyOfItsKeys_FindsTheSameAccount(string column)
    {
        using var db = LakeDatabase.Open(lake.Root);
        var (accountId, value) = First(db, $"SELECT account_id, {column} FROM accounts WHERE crm_account_id IS NOT NULL AND inn IS NOT NULL AND domain IS NOT NULL ORDER BY revenue DESC");

        var card = Assert.IsType<AccountCard>(new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Account, column == "name" ? value.ToUpperInvariant() : value), 5));

        Assert.Equal(accountId, card.Account.String("account_id"));
        Assert.NotNull(card.Ranking);
        Assert.NotEmpty(card.Timeline);
    }

    [Fact]
    public void Find_Account_ListsEveryPersonDecisionMakersFirst()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var (accountId, _) = First(db, "SELECT account_id, '' FROM profiles WHERE role = 'decision_maker' GROUP BY account_id ORDER BY count(*) DESC, account_id");

        var card = Assert.IsType<AccountCard>(new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Account, accountId), 5));

        var people = Convert.ToInt32(db.Rows("SELECT count(*) FROM profiles WHERE account_id = $a", ("a", accountId))[0][0], CultureInfo.InvariantCulture);
        Assert.Equal(people, card.People.Count);
        var order = card.People.Select(p => ProfileFinder.RoleOrder.ToList().IndexOf(p.String("role") ?? "") is var i and >= 0 ? i : 99).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Equal("decision_maker", card.People[0].String("role"));
    }

    [Fact]
    public void Find_RoleMailbox_ShowsItsAccount()
    {
        using var db = LakeDatabase.Open(lake.Root);
        var (accountId, email) = First(db, "SELECT account_id, identifier_value FROM identities WHERE identifier_type = 'role_email' AND account_id IS NOT NULL ORDER BY 2");

        var card = Assert.IsType<AccountCard>(new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Email, email.ToUpperInvariant()), 5));

        Assert.Equal(accountId, card.Account.String("account_id"));
        Assert.Contains("account-level identifier", card.MatchedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_UnknownEmail_NotFoundWithTheNormalisedValue()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<NotFoundException>(() => new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Email, "Nobody+x@Unknown-Firm.ru"), 5));

        Assert.Equal("no profile or account has email nobody@unknown-firm.ru (normalised from \"Nobody+x@Unknown-Firm.ru\")", ex.Message);
    }

    [Fact]
    public void Find_UnknownAccount_NotFound()
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<NotFoundException>(() => new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Account, "OOO Nowhere"), 5));

        Assert.Contains("no account has id, crm_account_id, INN, domain or name \"OOO Nowhere\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LookupKind.Email, "not-an-email")]
    [InlineData(LookupKind.Phone, "12")]
    public void Find_MalformedIdentifier_ArgumentErrorSayingWhy(LookupKind kind, string value)
    {
        using var db = LakeDatabase.Open(lake.Root);

        var ex = Assert.Throws<ArgumentException>(() => new ProfileFinder(db, Normalizer).Find(new Lookup(kind, value), 5));

        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EmptyLake_NotFoundSayingNothingIngested()
    {
        using var db = LakeDatabase.Open(lake.EmptyRoot);

        var ex = Assert.Throws<NotFoundException>(() => new ProfileFinder(db, Normalizer).Find(new Lookup(LookupKind.Email, "a@b.ru"), 5));

        Assert.Contains("is empty: nothing has been ingested yet", ex.Message, StringComparison.Ordinal);
    }

    private static (string Id, string Value) First(LakeDatabase db, string sql)
    {
        var row = db.Rows(sql + " LIMIT 1").Single();
        return ((string)row[0]!, (string)row[1]!);
    }
}
