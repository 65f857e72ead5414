using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity;

public sealed class IdentityEngineTests
{
    private const string InnA = "7707083893";
    private const string InnB = "7736207543";

    [Fact]
    public void Resolve_SameEmailAcrossSources_OneProfile()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", email: "Ivan@Romashka.ru", cookie: "ck-1"),
            Ev.Make("2", source: EventSource.Email, type: "email_opened", email: "ivan@romashka.ru"),
            Ev.Make("3", source: EventSource.Crm, type: "contact_updated", email: "IVAN@romashka.ru", crm: "C-1"));

        var profile = h.ProfileOf("email", "ivan@romashka.ru");
        Assert.NotNull(profile);
        Assert.Equal(profile, h.ProfileOf("anonymous_id", "ck-1"));
        Assert.Equal(profile, h.ProfileOf("crm_contact_id", "C-1"));
        Assert.Single(h.Snapshot.Profiles);
        Assert.Equal(3, h.Profile(profile).Events);
    }

    [Fact]
    public void Resolve_TransitiveLinks_JoinOneProfile()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", email: "ivan@romashka.ru", cookie: "ck-1"),
            Ev.Make("2", cookie: "ck-1", user: "u-1"),
            Ev.Make("3", user: "u-1", phone: "+79161234567"),
            Ev.Make("4", phone: "89161234567", social: "vk:ivan"));

        Assert.Single(h.Snapshot.Profiles);
        Assert.Equal(h.ProfileOf("email", "ivan@romashka.ru"), h.ProfileOf("social", "vk:ivan"));
    }

    [Fact]
    public void Resolve_RoleMailboxUsedByManyPeople_NeverMergesThem()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", email: "info@romashka.ru", cookie: "ck-anna"),
            Ev.Make("2", email: "info@romashka.ru", cookie: "ck-boris"),
            Ev.Make("3", email: "anna@romashka.ru", cookie: "ck-anna"),
            Ev.Make("4", email: "boris@romashka.ru", cookie: "ck-boris"));

        Assert.NotEqual(h.ProfileOf("email", "anna@romashka.ru"), h.ProfileOf("email", "boris@romashka.ru"));
        var mailbox = h.Identity("role_email", "info@romashka.ru");
        Assert.Null(mailbox.ProfileId);
        Assert.Equal("account", mailbox.Level);
        Assert.Equal(mailbox.AccountId, h.AccountOf("domain", "romashka.ru"));
    }

    [Fact]
    public void Resolve_TeamMobileSeenWithManyPeople_IsSharedAndBecomesAnAccountKey()
    {
        const string Office = "+79031234567";
        var events = Enumerable.Range(1, 5)
            .Select(i => Ev.Make($"e{i}", i, source: EventSource.Call, type: "call_completed", email: $"person{i}@gmail.com", phone: Office))
            .Append(Ev.Make("crm", 10, EventSource.Crm, "account_updated", phone: Office, accountId: "A-17"))
            .ToArray();

        var h = new EngineHarness().Batch(events);

        var phone = h.Identity("phone", Office);
        Assert.True(phone.IsShared);
        Assert.Contains("different emails", phone.SharedReason, StringComparison.Ordinal);
        Assert.Null(phone.ProfileId);
        Assert.Equal(5, h.Snapshot.Profiles.Count);
        var account = h.AccountOf("crm_account_id", "A-17");
        Assert.NotNull(account);
        Assert.Equal(account, phone.AccountId);
        // Free-mail people reach their company through the office line they called from.
        Assert.All(Enumerable.Range(1, 5), i => Assert.Equal(account, h.AccountOf("email", $"person{i}@gmail.com")));
    }

    [Fact]
    public void Resolve_TradeShowKiosk_DoesNotMergeVisitors()
    {
        var visitors = Enumerable.Range(1, 30)
            .Select(i => Ev.Make($"k{i}", i, type: "form_submitted", email: $"visitor{i}@company{i}.ru", cookie: "kiosk-expo-1"))
            .ToArray();

        var h = new EngineHarness().Batch(visitors);

        Assert.Equal(30, h.Snapshot.Profiles.Count);
        Assert.True(h.Identity("anonymous_id", "kiosk-expo-1").IsShared);
        Assert.Equal(30, h.Snapshot.Accounts.Count);
    }

    [Fact]
    public void Resolve_FreeMailDomain_IsNotAnAccount()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", email: "anna@gmail.com"),
            Ev.Make("2", email: "boris@gmail.com"),
            Ev.Make("3", email: "vera@mail.ru"));

        Assert.Empty(h.Snapshot.Accounts);
        Assert.Equal(3, h.Snapshot.Profiles.Count);
        Assert.All(h.Snapshot.Profiles, p => Assert.Null(p.AccountId));
    }

    [Fact]
    public void Resolve_EmailSeenWithTwoCrmContacts_IsSharedAndKeepsThemApart()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, EventSource.Crm, "contact_updated", email: "family@gmail.com", crm: "C-1"),
            Ev.Make("2", 2, EventSource.Crm, "contact_updated", email: "family@gmail.com", crm: "C-2"));

        Assert.True(h.Identity("email", "family@gmail.com").IsShared);
        Assert.NotEqual(h.ProfileOf("crm_contact_id", "C-1"), h.ProfileOf("crm_contact_id", "C-2"));
        Assert.All(h.Snapshot.Profiles, p => Assert.NotNull(p.CrmContactId));
    }

    [Fact]
    public void Resolve_LinksThroughAThirdIdentifier_NeverPutTwoCrmIdsInOneProfile()
    {
        // ck-1 is seen with only two emails (below the limit), but they belong to different CRM contacts.
        var h = new EngineHarness().Batch(
            Ev.Make("1", email: "anna@romashka.ru", crm: "C-1"),
            Ev.Make("2", email: "boris@romashka.ru", crm: "C-2"),
            Ev.Make("3", email: "anna@romashka.ru", cookie: "ck-1"),
            Ev.Make("4", email: "boris@romashka.ru", cookie: "ck-1"));

        Assert.NotEqual(h.ProfileOf("crm_contact_id", "C-1"), h.ProfileOf("crm_contact_id", "C-2"));
        var cookie = h.Identity("anonymous_id", "ck-1");
        Assert.True(cookie.IsShared);
        Assert.Null(cookie.ProfileId);
        Assert.All(h.Snapshot.Profiles, p => Assert.True(p.CrmContactId is not null));
    }

    [Fact]
    public void Resolve_TwoUserIdsReachingOneCrmContact_KeepsAtMostOneUserIdPerProfile()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", source: EventSource.App, type: "session_started", user: "u-1", email: "ivan@romashka.ru"),
            Ev.Make("2", source: EventSource.App, type: "session_started", user: "u-2", phone: "+79161234567"),
            Ev.Make("3", email: "ivan@romashka.ru", phone: "+79161234567"));

        Assert.All(h.Snapshot.Profiles, p => Assert.True(h.Snapshot.Identities.Count(i =>
            i.ProfileId == p.ProfileId && i.IdentifierType == "user_id") <= 1));
        Assert.NotEqual(h.ProfileOf("user_id", "u-1"), h.ProfileOf("user_id", "u-2"));
    }

    [Fact]
    public void Resolve_IdentifierTurnsSharedLate_SplitsTheMergeItCaused()
    {
        const string Phone = "+79057654321";
        var h = new EngineHarness()
            .Batch(Ev.Make("1", 1, email: "anna@gmail.com", phone: Phone),
                   Ev.Make("2", 2, email: "boris@mail.ru", phone: Phone));
        var merged = h.ProfileOf("email", "anna@gmail.com");
        Assert.Equal(merged, h.ProfileOf("email", "boris@mail.ru"));

        h.Batch(Ev.Make("3", 3, email: "vera@yandex.ru", phone: Phone),
                Ev.Make("4", 4, email: "gleb@bk.ru", phone: Phone));

        Assert.NotEqual(h.ProfileOf("email", "anna@gmail.com"), h.ProfileOf("email", "boris@mail.ru"));
        var split = Assert.Single(h.Changes, c => c.Kind == ChangeKind.Split);
        Assert.Equal(merged, split.FromId);
        Assert.Equal("4", split.EventId);
        Assert.Contains($"phone {Phone} is shared", split.Reason, StringComparison.Ordinal);
        // The part anchored on the earliest identifier keeps the id.
        Assert.Equal(merged, h.ProfileOf("email", "anna@gmail.com"));
        Assert.Equal(split.IntoId, h.ProfileOf("email", "boris@mail.ru"));
    }

    [Fact]
    public void Resolve_Landline_IsAnOfficeLineNeverAPerson()
    {
        const string Office = "+74951234567";
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, email: "anna@gmail.com", phone: "8 (495) 123-45-67"),
            Ev.Make("2", 2, email: "boris@mail.ru", phone: Office),
            Ev.Make("3", 3, EventSource.Crm, "account_updated", phone: Office, accountId: "A-1"));

        Assert.NotEqual(h.ProfileOf("email", "anna@gmail.com"), h.ProfileOf("email", "boris@mail.ru"));
        var line = h.Identity("office_phone", Office);
        Assert.Equal(("account", (string?)null), (line.Level, line.ProfileId));
        Assert.Equal(h.AccountOf("crm_account_id", "A-1"), line.AccountId);
        Assert.Equal(line.AccountId, h.AccountOf("email", "anna@gmail.com"));
        Assert.Equal([Office], h.Snapshot.Accounts.Single().Phones);
    }

    [Fact]
    public void Resolve_TwoWorkEmailsAtOneCompanyLinkedByADevice_AreTwoColleagues()
    {
        // A meeting-room tablet used by two people: two emails is within the limit, but one company does not
        // give one person two mailboxes. Both have events of their own, so the tablet is what is shared.
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, email: "anna@romashka.ru", cookie: "tablet"),
            Ev.Make("2", 2, email: "boris@romashka.ru", cookie: "tablet"),
            Ev.Make("3", 3, email: "anna@gmail.com", cookie: "ck-anna"),
            Ev.Make("4", 4, email: "anna@romashka.ru", cookie: "ck-anna"),
            Ev.Make("5", 5, email: "boris@romashka.ru", cookie: "ck-boris"));

        Assert.NotEqual(h.ProfileOf("email", "anna@romashka.ru"), h.ProfileOf("email", "boris@romashka.ru"));
        Assert.Equal(h.ProfileOf("email", "anna@romashka.ru"), h.ProfileOf("email", "anna@gmail.com"));
        Assert.True(h.Identity("anonymous_id", "tablet").IsShared);
    }

    [Fact]
    public void Resolve_TypoTypedBesideThePersonsCookie_StaysUnlinkedAndTheCookieKeepsItsProfile()
    {
        var events = Enumerable.Range(1, 6).Select(i => Ev.Make($"e{i}", i, source: EventSource.Email, type: "email_opened", email: "ivan.petrov@romashka.ru"))
            .Append(Ev.Make("f1", 10, type: "form_submitted", email: "ivan.petrov@romashka.ru", cookie: "ck-ivan"))
            .Concat(Enumerable.Range(1, 4).Select(i => Ev.Make($"pv{i}", 10 + i, cookie: "ck-ivan")))
            .Append(Ev.Make("typo", 20, type: "form_submitted", email: "ivan.petorv@romashka.ru", cookie: "ck-ivan"))
            .ToArray();

        var h = new EngineHarness().Batch(events);

        var ivan = h.ProfileOf("email", "ivan.petrov@romashka.ru");
        Assert.Equal(ivan, h.ProfileOf("anonymous_id", "ck-ivan"));
        Assert.All(Enumerable.Range(1, 4), i => Assert.Equal(ivan, h.Resolutions[$"pv{i}"].ProfileId));
        Assert.NotNull(h.Resolutions["typo"].ProfileId);
        Assert.DoesNotContain(h.Snapshot.Identities, i => i.IsShared);
    }

    /// <summary>
    /// A later batch holding only repeats of a known signature (no new identifier, no new link) still changes the
    /// evidence that decided a contested component: the "typo", typed again and again beside the cookie, outweighs the
    /// address it was refused against, so the two are colleagues and the cookie is shared, as in one batch.
    /// </summary>
    [Fact]
    public void Resolve_RepeatsInALaterBatchOutweighTheEvidence_ReclusterTheContestedComponent()
    {
        var first = Enumerable.Range(1, 6).Select(i => Ev.Make($"e{i}", i, source: EventSource.Email, type: "email_opened", email: "ivan.petrov@romashka.ru"))
            .Append(Ev.Make("f1", 10, type: "form_submitted", email: "ivan.petrov@romashka.ru", cookie: "ck-ivan"))
            .Append(Ev.Make("typo", 20, type: "form_submitted", email: "ivan.petorv@romashka.ru", cookie: "ck-ivan"))
            .ToArray();
        var repeats = Enumerable.Range(1, 10).Select(i => Ev.Make($"again{i}", 20 + i, type: "form_submitted", email: "ivan.petorv@romashka.ru", cookie: "ck-ivan"))
            .ToArray();

        var batched = new EngineHarness().Batch(first);
        Assert.False(batched.Identity("anonymous_id", "ck-ivan").IsShared);
        batched.Batch(repeats);
        var together = new EngineHarness().Batch([.. first, .. repeats]);

        Assert.True(together.Identity("anonymous_id", "ck-ivan").IsShared);
        Assert.NotEqual(together.ProfileOf("email", "ivan.petrov@romashka.ru"), together.ProfileOf("email", "ivan.petorv@romashka.ru"));
        Assert.Equal(together.Render(), batched.Render());
    }

    [Fact]
    public void Resolve_CrmContactResavedWithATypo_KeepsBothAddressesOnThePerson()
    {
        // Alphabetically the typo comes first; the evidence, not the spelling, decides.
        var events = Enumerable.Range(1, 5).Select(i => Ev.Make($"c{i}", i, EventSource.Crm, "contact_updated", crm: "C-1", email: "ivan.petrov@romashka.ru"))
            .Append(Ev.Make("typo", 9, EventSource.Crm, "contact_updated", crm: "C-1", email: "ivan.petorv@romashka.ru"))
            .Append(Ev.Make("web", 10, email: "ivan.petrov@romashka.ru", cookie: "ck-ivan"))
            .ToArray();

        var h = new EngineHarness().Batch(events);

        var ivan = h.ProfileOf("crm_contact_id", "C-1");
        Assert.Equal(ivan, h.ProfileOf("email", "ivan.petrov@romashka.ru"));
        Assert.Equal(ivan, h.ProfileOf("email", "ivan.petorv@romashka.ru"));
        Assert.All(h.Resolutions.Values, r => Assert.Equal(ivan, r.ProfileId));
        Assert.DoesNotContain(h.Snapshot.Identities, i => i.IsShared);
    }

    [Fact]
    public void Resolve_WorkAndPersonalEmail_AreOnePerson()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, email: "anna@romashka.ru", cookie: "ck-1"),
            Ev.Make("2", 2, email: "anna.k@gmail.com", cookie: "ck-1"),
            Ev.Make("3", 3, email: "anna.k@yandex.ru", cookie: "ck-1"));

        Assert.Single(h.Snapshot.Profiles);
    }

    [Fact]
    public void Resolve_TwoProfilesLinked_LogsMergeWithTheTriggeringEvent()
    {
        var h = new EngineHarness()
            .Batch(Ev.Make("1", 1, email: "ivan@romashka.ru"), Ev.Make("2", 2, cookie: "ck-9"));
        var first = h.ProfileOf("email", "ivan@romashka.ru");
        var second = h.ProfileOf("anonymous_id", "ck-9");
        Assert.NotEqual(first, second);

        h.Batch(Ev.Make("3", 3, email: "ivan@romashka.ru", cookie: "ck-9"));

        var merge = Assert.Single(h.Changes);
        Assert.Equal(ChangeKind.Merge, merge.Kind);
        Assert.Equal(IdentityLevel.Profile, merge.Level);
        Assert.Equal((second, first), (merge.FromId, merge.IntoId));
        Assert.Equal("3", merge.EventId);
        Assert.Equal("linked by anonymous_id+email", merge.Reason);
        Assert.Equal(first, h.ProfileOf("anonymous_id", "ck-9"));
    }

    [Fact]
    public void Resolve_SameInputTwice_GivesTheSameIds()
    {
        IncomingEvent[] events =
        [
            Ev.Make("1", 5, email: "ivan@romashka.ru", cookie: "ck-1", accountId: "A-1"),
            Ev.Make("2", 3, email: "anna@vasilek.ru", phone: "+79160000001"),
        ];

        Assert.Equal(new EngineHarness().Batch(events).Render(), new EngineHarness().Batch(events).Render());
        Assert.StartsWith("p_", new EngineHarness().Batch(events).Snapshot.Profiles[0].ProfileId, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AccountKeys_GroupPeopleIntoOneCompany()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, EventSource.Crm, "account_updated", accountId: "A-17", inn: InnA, company: "OOO Romashka"),
            Ev.Make("2", 2, EventSource.Crm, "contact_updated", crm: "C-1", email: "anna@gmail.com", accountId: "A-17"),
            Ev.Make("3", 3, email: "boris@romashka.ru", domain: "romashka.ru", inn: InnA),
            Ev.Make("4", 4, email: "vera@romashka.ru"),
            Ev.Make("5", 5, email: "sales@romashka.ru"));

        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal("A-17", account.CrmAccountId);
        Assert.Equal(InnA, account.Inn);
        Assert.Equal("romashka.ru", account.Domain);
        Assert.Equal("OOO Romashka", account.Name);
        Assert.Equal(3, account.Contacts);
        Assert.All(h.Snapshot.Profiles, p => Assert.Equal(account.AccountId, p.AccountId));
        Assert.Equal(account.AccountId, h.Resolutions["5"].AccountId);
    }

    [Fact]
    public void Resolve_DomainSeenWithTwoCrmAccounts_DoesNotMergeThem()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "holding.ru"),
            Ev.Make("2", 2, EventSource.Crm, "account_updated", accountId: "A-2", domain: "holding.ru"));

        Assert.Equal(2, h.Snapshot.Accounts.Count);
        Assert.True(h.Identity("domain", "holding.ru").IsShared);
    }

    [Fact]
    public void Resolve_InnsLinkedThroughADomain_KeepOneInnPerAccount()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, EventSource.Crm, "account_updated", inn: InnA, domain: "group.ru"),
            Ev.Make("2", 2, EventSource.Crm, "account_updated", inn: InnB, domain: "group-b.ru"),
            Ev.Make("3", 3, email: "ivan@group.ru", domain: "group-b.ru"));

        Assert.NotEqual(h.AccountOf("inn", InnA), h.AccountOf("inn", InnB));
    }

    [Fact]
    public void Resolve_OrderReportedBySeveralSources_CountsOnce()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("0", 0, EventSource.Crm, "contact_updated", crm: "C-1", email: "ivan@romashka.ru", accountId: "A-17"),
            Ev.Order("w", "O-1", 100, 1, EventSource.Web, email: "ivan@romashka.ru"),
            Ev.Order("c", "O-1", 110, 2, EventSource.Crm, crm: "C-1", accountId: "A-17"),
            Ev.Order("a", "O-1", 100, 3, EventSource.App, email: "ivan@romashka.ru"),
            Ev.Order("w2", "O-2", 50, 4, EventSource.Web, email: "ivan@romashka.ru"));

        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal(160, account.Revenue);
        Assert.Equal(2, account.Orders);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Snapshot_ManySignatures_RowsSortedByIdOrdinal(bool keyedIds)
    {
        var h = new EngineHarness();
        if (keyedIds)
        {
            h.Engine.KeyPersonIds(new ProfileUnifier.Core.Privacy.Pseudonymizer(new byte[32]));
        }

        h.Batch([.. Enumerable.Range(0, 300).Select(i => Ev.Make($"e{i}", i % 50, cookie: $"ck-{i % 120}", email: i % 3 == 0 ? $"p{i % 40}@romashka.ru" : null))]);

        var ids = h.Snapshot.Signatures.Select(r => r.SignatureId).ToList();
        Assert.True(ids.Count > 100);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Checkpoint_OrderReportedAgainAfterIt_CountsTheReportPreferred()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("0", 0, EventSource.Crm, "contact_updated", crm: "C-1", email: "ivan@romashka.ru", accountId: "A-17"),
            Ev.Order("w", "O-1", 100, 1, EventSource.Web, email: "ivan@romashka.ru"),
            Ev.Order("w2", "O-2", 50, 4, EventSource.Web, email: "ivan@romashka.ru"));
        Assert.Equal(150, h.Snapshot.Accounts.Single().Revenue);

        // The CRM's report replaces the web shop's one in the runs; a later web report of O-2 does not replace its earlier one.
        h.Checkpoint().Batch(
            Ev.Order("c", "O-1", 110, 2, EventSource.Crm, crm: "C-1", accountId: "A-17"),
            Ev.Order("w3", "O-2", 70, 5, EventSource.Web, email: "ivan@romashka.ru"),
            Ev.Order("w4", "O-3", 5, 6, EventSource.Web, email: "ivan@romashka.ru"));
        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal((165, 3), (account.Revenue, account.Orders));

        h.Checkpoint(mergeRuns: true).Batch(Ev.Order("a", "O-3", 7, 3, EventSource.App, email: "ivan@romashka.ru"));
        account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal((167, 3), (account.Revenue, account.Orders));
    }

    [Fact]
    public void Resolve_EventAccountBlock_WinsOverThePersonsCompany()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("1", 1, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"),
            Ev.Make("2", 2, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"),
            Ev.Order("3", "O-9", 10, 3, EventSource.Crm, crm: "C-1", accountId: "A-2"));

        Assert.Equal(h.AccountOf("crm_account_id", "A-2"), h.Resolutions["3"].AccountId);
        Assert.Equal(h.AccountOf("crm_account_id", "A-1"), h.Profile(h.ProfileOf("crm_contact_id", "C-1")!).AccountId);
    }

    [Fact]
    public void Resolve_TraitsFromTheLatestEvent_WinWhateverTheArrivalOrder()
    {
        var newer = Ev.Make("2", 20, email: "ivan@romashka.ru", firstName: "Ivan");
        var older = Ev.Make("1", 10, email: "ivan@romashka.ru", firstName: "Vanya");

        var h = new EngineHarness().OneByOne(newer, older);

        Assert.Equal("Ivan", h.Snapshot.Profiles.Single().FirstName);
    }

    [Fact]
    public void Resolve_TraitsAtTheSameInstant_OneWinnerInEitherOrderAndAcrossARestart()
    {
        var ivan = Ev.Make("a", 10, email: "ivan@romashka.ru", firstName: "Ivan");
        var vanya = Ev.Make("b", 10, email: "ivan@romashka.ru", firstName: "Vanya");

        var forward = new EngineHarness().OneByOne(ivan).Restart().OneByOne(vanya);
        var backward = new EngineHarness().OneByOne(vanya).Restart().OneByOne(ivan);

        Assert.Equal(forward.Snapshot.Profiles.Single().FirstName, backward.Snapshot.Profiles.Single().FirstName);
    }

    [Fact]
    public void Resolve_LateEventSeenEarlier_ReanchorsAndLogsTheNewId()
    {
        IncomingEvent[] first = [Ev.Make("1", 10, email: "ivan@romashka.ru"), Ev.Make("2", 11, email: "ivan@romashka.ru", cookie: "ck-old")];
        var late = Ev.Make("0", 1, cookie: "ck-old");
        var h = new EngineHarness().Batch(first);
        var before = h.ProfileOf("email", "ivan@romashka.ru");

        h.Batch(late);

        var after = h.ProfileOf("email", "ivan@romashka.ru");
        Assert.NotEqual(before, after);
        var change = Assert.Single(h.Changes);
        Assert.Equal((ChangeKind.Merge, before, after, "0"), (change.Kind, change.FromId, change.IntoId, change.EventId));
        Assert.StartsWith("re-anchored on anonymous_id ck-old", change.Reason, StringComparison.Ordinal);
        Assert.Equal(new EngineHarness().Batch([late, .. first]).Render(), h.Render());
    }

    [Fact]
    public void Resolve_NewerEventsOnly_NeverChangeTheId()
    {
        var h = new EngineHarness().Batch(Ev.Make("1", 10, email: "ivan@romashka.ru"));
        var id = h.ProfileOf("email", "ivan@romashka.ru");

        h.Batch(Ev.Make("2", 11, email: "ivan@romashka.ru", cookie: "a-cookie", crm: "A-crm", user: "a-user"));

        Assert.Equal(id, h.ProfileOf("email", "ivan@romashka.ru"));
        Assert.Empty(h.Changes);
    }

    [Fact]
    public void Resolve_Redelivery_ChangesNothing()
    {
        var e = Ev.Make("1", email: "ivan@romashka.ru");
        var once = new EngineHarness().Batch(e);
        var twice = new EngineHarness().Batch(e).Batch(e, e);

        Assert.Equal(once.Render(), twice.Render());
        Assert.Empty(twice.Changes);
    }

    [Fact]
    public void Resolve_EventWithOnlySharedIdentifiers_HasNoProfile()
    {
        var visitors = Enumerable.Range(1, 5).Select(i => Ev.Make($"k{i}", i, email: $"v{i}@gmail.com", cookie: "kiosk")).ToList();
        visitors.Add(Ev.Make("anon", 9, cookie: "kiosk"));

        var h = new EngineHarness().Batch([.. visitors]);

        Assert.Null(h.Resolutions["anon"].ProfileId);
        Assert.Equal(5, h.Snapshot.Profiles.Sum(p => p.Events));
    }

    [Fact]
    public void Observe_KnownSignatureWithItsKeysInAnotherOrder_EachKeyKeepsItsValue()
    {
        var engine = new IdentityEngine(new IdentityRules());
        // Two emails: the signature's entries do not tell which is which by kind, so the keys are looked up.
        var twoEmails = Keys((IdentifierKind.Email, "anna@romashka.ru"), (IdentifierKind.AnonymousId, "ck-1"), (IdentifierKind.Email, "a.petrova@romashka.ru"));
        var twoEmailsAgain = Keys((IdentifierKind.Email, "a.petrova@romashka.ru"), (IdentifierKind.AnonymousId, "ck-1"), (IdentifierKind.Email, "anna@romashka.ru"));
        // One key of each kind: the nodes come from the known signature's entries, matched by kind.
        var emailAndCookie = Keys((IdentifierKind.AnonymousId, "ck-1"), (IdentifierKind.Email, "anna@romashka.ru"));
        var emailAndCookieAgain = Keys((IdentifierKind.Email, "anna@romashka.ru"), (IdentifierKind.AnonymousId, "ck-1"));

        var first = engine.Observe(Ev.Make("1"), twoEmails);
        var second = engine.Observe(Ev.Make("2", minute: 1), twoEmailsAgain);
        var third = engine.Observe(Ev.Make("3", minute: 2), emailAndCookie);
        var fourth = engine.Observe(Ev.Make("4", minute: 3), emailAndCookieAgain);
        engine.Resolve();

        Assert.Equal(first, second);
        Assert.Equal(third, fourth);
        Assert.NotEqual(first, third);
        Assert.Equal(["a.petrova@romashka.ru", "ck-1", "anna@romashka.ru"], twoEmailsAgain.Keys.Select(k => k.Value));
        Assert.Equal(["anna@romashka.ru", "ck-1"], emailAndCookieAgain.Keys.Select(k => k.Value));
        var events = engine.Snapshot().Identities.ToDictionary(r => r.IdentifierValue, r => r.Events);
        Assert.Equal(4, events["anna@romashka.ru"]);
        Assert.Equal(2, events["a.petrova@romashka.ru"]);
        Assert.Equal(4, events["ck-1"]);
    }

    private static IdentityKeys Keys(params (IdentifierKind Kind, string Value)[] keys)
    {
        var result = new IdentityKeys();
        foreach (var (kind, value) in keys)
        {
            result.Add(kind, value);
        }

        return result;
    }
}
