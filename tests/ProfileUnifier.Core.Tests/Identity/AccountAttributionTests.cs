using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity;

/// <summary>
/// DESIGN.md, "Accounts per event": the block states an account; an event's own company keys imply one; else the
/// person's employer at the time. No account is made of a lone landline or mailbox. One test per evidence rule.
/// </summary>
public sealed class AccountAttributionTests
{
    private const string Office = "+74951234567";

    [Fact]
    public void Resolve_CallFromTheOfficeLineWithTheContactsId_GoesToThePersonsAccountNotToAPhoneAccount()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("c1", 1, EventSource.Crm, "contact_updated", crm: "C-1", email: "anna@romashka.ru", accountId: "A-1"),
            Ev.Make("call", 2, EventSource.Call, "call_completed", crm: "C-1", phone: Office));

        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal("A-1", account.CrmAccountId);
        Assert.Equal(account.AccountId, h.Resolutions["call"].AccountId);
        Assert.Equal([Office], account.Phones);
        Assert.Equal(account.AccountId, h.AccountOf("office_phone", Office));
    }

    [Fact]
    public void Resolve_LandlineNeverSeenWithAPerson_GetsNoAccountOfItsOwn()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("acc", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru"),
            Ev.Make("call", 2, EventSource.Call, "call_completed", phone: Office));

        Assert.Single(h.Snapshot.Accounts);
        Assert.Null(h.Resolutions["call"].AccountId);
        Assert.Null(h.AccountOf("office_phone", Office));
    }

    [Fact]
    public void Resolve_LandlineWhosePeopleWorkForTwoCompanies_TakesNeither()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("a", 1, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"),
            Ev.Make("b", 2, EventSource.Crm, "contact_updated", crm: "C-2", accountId: "A-2"),
            Ev.Make("a-call", 3, EventSource.Call, "call_completed", crm: "C-1", phone: Office),
            Ev.Make("b-call", 4, EventSource.Call, "call_completed", crm: "C-2", phone: Office),
            Ev.Make("anon", 5, EventSource.Call, "call_completed", phone: Office));

        Assert.Equal(2, h.Snapshot.Accounts.Count);
        Assert.Null(h.AccountOf("office_phone", Office));
        Assert.Null(h.Resolutions["anon"].AccountId);
        Assert.Equal(h.AccountOf("crm_account_id", "A-1"), h.Resolutions["a-call"].AccountId);
        Assert.Equal(h.AccountOf("crm_account_id", "A-2"), h.Resolutions["b-call"].AccountId);
    }

    [Fact]
    public void Resolve_EventsOwnWorkDomain_WinsOverThePersonsMainAccount()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("a1", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru"),
            Ev.Make("a2", 2, EventSource.Crm, "account_updated", accountId: "A-2", domain: "vasilek.ru"),
            Ev.Make("c1", 3, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"),
            Ev.Make("c2", 4, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"),
            Ev.Make("mail", 5, EventSource.Email, "email_replied", email: "anna@vasilek.ru", crm: "C-1"));

        Assert.Equal(h.AccountOf("crm_account_id", "A-2"), h.Resolutions["mail"].AccountId);
        Assert.Equal(h.AccountOf("crm_account_id", "A-1"), h.Profile(h.ProfileOf("crm_contact_id", "C-1")!).AccountId);
    }

    [Fact]
    public void Resolve_RoleMailbox_BelongsToTheAccountOfItsDomain()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("acc", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru"),
            Ev.Make("info", 2, EventSource.Email, "email_sent", email: "zakaz@romashka.ru"));

        var account = h.AccountOf("crm_account_id", "A-1");
        Assert.Equal(account, h.AccountOf("role_email", "zakaz@romashka.ru"));
        Assert.Equal(account, h.Resolutions["info"].AccountId);
        Assert.Single(h.Snapshot.Accounts);
    }

    [Fact]
    public void Resolve_RoleMailboxSeenBeforeItsCompanysAccount_MovesWithItsDomain()
    {
        // Alone, the mailbox's domain is an account of its own; once a CRM account states that domain, the mailbox is
        // that account's (its domain looked up once, its account at every resolve).
        var h = new EngineHarness().Batch(Ev.Make("info", 1, EventSource.Email, "email_sent", email: "zakaz@romashka.ru"));
        Assert.Equal(h.AccountOf("domain", "romashka.ru"), h.AccountOf("role_email", "zakaz@romashka.ru"));

        h.Batch(Ev.Make("acc", 2, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru"));

        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal("A-1", account.CrmAccountId);
        Assert.Equal(account.AccountId, h.AccountOf("role_email", "zakaz@romashka.ru"));
    }

    [Fact]
    public void Resolve_RoleMailboxsDomainJoinsAnAccountSeenBefore_MailboxMovesWithIt()
    {
        // The mailbox's account is kept between resolves: it is looked at again when its domain's changes.
        var h = new EngineHarness().Batch(
            Ev.Make("acc", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru"),
            Ev.Make("info", 2, EventSource.Email, "email_sent", email: "zakaz@vasilek.ru"));
        Assert.Equal(h.AccountOf("domain", "vasilek.ru"), h.AccountOf("role_email", "zakaz@vasilek.ru"));
        Assert.Equal(2, h.Snapshot.Accounts.Count);

        h.Batch(Ev.Make("acc-2", 3, EventSource.Crm, "account_updated", accountId: "A-1", domain: "vasilek.ru"));

        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal(account.AccountId, h.AccountOf("role_email", "zakaz@vasilek.ru"));
    }

    [Fact]
    public void Resolve_SecondDomainTypedBesideTheCompanysName_JoinsThatAccount()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("acc", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru", company: "OOO Romashka"),
            Ev.Make("form", 2, type: "form_submitted", email: "ivan@romashka-group.com", company: "ooo  romashka"),
            Ev.Make("mail", 3, EventSource.Email, "email_opened", email: "ivan@romashka-group.com"));

        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal(account.AccountId, h.AccountOf("domain", "romashka-group.com"));
        Assert.Equal(["romashka.ru", "romashka-group.com"], account.Domains.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(account.AccountId, h.Resolutions["mail"].AccountId);
    }

    [Fact]
    public void Resolve_AccountRenamedInAnEarlierBatch_LandlineBesideTheNewNameTakesIt()
    {
        // The rename changes no cluster (the same keys as before): the account's name, known by the first batch's
        // landline, is looked at again because a key of it was given a later name.
        const string OtherLine = "+74957654321";
        var h = new EngineHarness().Batch(
            Ev.Make("acc", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru", company: "OOO Romashka"),
            Ev.Make("old-call", 2, EventSource.Call, "call_completed", phone: OtherLine, company: "ooo romashka"));
        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal(account.AccountId, h.AccountOf("office_phone", OtherLine));

        h.Batch(Ev.Make("renamed", 3, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru", company: "OOO Vasilek"))
            .Batch(Ev.Make("call", 4, EventSource.Call, "call_completed", phone: Office, company: "ooo vasilek"));

        Assert.Equal(account.AccountId, Assert.Single(h.Snapshot.Accounts).AccountId);
        Assert.Equal(account.AccountId, h.AccountOf("office_phone", Office));
        Assert.Null(h.AccountOf("office_phone", OtherLine));
        Assert.Equal(account.AccountId, h.Resolutions["call"].AccountId);
    }

    [Fact]
    public void Resolve_LandlineNamedInALaterBatch_TakesTheAccountOfThatName()
    {
        // The second call has the first one's keys: no cluster, person or vote changes. The landline is mapped again
        // because a block beside it gave it a name (the mapping is kept between resolves otherwise).
        var h = new EngineHarness().Batch(
            Ev.Make("acc", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru", company: "OOO Romashka"),
            Ev.Make("call-1", 2, EventSource.Call, "call_completed", phone: Office));
        Assert.Null(h.AccountOf("office_phone", Office));

        h.Batch(Ev.Make("call-2", 3, EventSource.Call, "call_completed", phone: Office, company: "ooo romashka"));

        var account = Assert.Single(h.Snapshot.Accounts);
        Assert.Equal(account.AccountId, h.AccountOf("office_phone", Office));
        Assert.Equal(account.AccountId, h.Resolutions["call-2"].AccountId);
    }

    [Fact]
    public void Resolve_NameShownByTwoAccounts_MapsNothing()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("a1", 1, EventSource.Crm, "account_updated", accountId: "A-1", domain: "romashka.ru", company: "OOO Romashka"),
            Ev.Make("a2", 2, EventSource.Crm, "account_updated", accountId: "A-2", domain: "romashka-spb.ru", company: "OOO Romashka"),
            Ev.Make("form", 3, type: "form_submitted", email: "ivan@romashka-group.com", company: "OOO Romashka"));

        // Homonyms are common ("OOO Romashka"): the domain is an account of its own rather than a guess.
        Assert.Equal(3, h.Snapshot.Accounts.Count);
        Assert.NotEqual(h.AccountOf("crm_account_id", "A-1"), h.AccountOf("domain", "romashka-group.com"));
        Assert.NotEqual(h.AccountOf("crm_account_id", "A-2"), h.AccountOf("domain", "romashka-group.com"));
    }

    [Fact]
    public void Resolve_PersonMovesToAnotherCompany_EachEventGoesToTheEmployerOfItsTime()
    {
        var events = JobChangeEvents();
        var h = new EngineHarness().Batch(events);

        var (romashka, vasilek) = (h.AccountOf("crm_account_id", "A-1"), h.AccountOf("crm_account_id", "A-2"));
        var person = h.ProfileOf("crm_contact_id", "C-1")!;
        Assert.Single(h.Snapshot.Profiles);
        Assert.Equal(romashka, h.AccountOfEvent(events.Single(e => e.EventId == "call-before")));
        Assert.Equal(vasilek, h.AccountOfEvent(events.Single(e => e.EventId == "call-after")));
        Assert.Equal(vasilek, h.AccountOfEvent(events.Single(e => e.EventId == "mail-new")));
        var profile = h.Profile(person);
        Assert.Equal((vasilek, romashka), (profile.AccountId, profile.PreviousAccountId));
        Assert.Equal([romashka, vasilek], h.Snapshot.Employments.Select(m => m.AccountId));
        Assert.Equal(Ev.At(100).UtcDateTime, h.Snapshot.Employments[1].ValidFrom);
    }

    [Fact]
    public void Checkpoint_OrdersOfAPersonWhoMovedBetweenThem_EachOnTheEmployerOfItsTime()
    {
        var events = JobChangeEvents();
        // Orders on her mobile alone: the same signature, its account her employer of the order's time.
        var h = new EngineHarness()
            .Batch([.. events.Where(e => e.OccurredAt < Ev.At(100)), Order("o-1", 30, 100)]);
        Assert.Equal(100, h.Snapshot.Accounts.Single(a => a.CrmAccountId == "A-1").Revenue);

        h.Checkpoint().Batch([.. events.Where(e => e.OccurredAt >= Ev.At(100)), Order("o-2", 120, 40)]);
        Assert.Equal([(100, 1), (40, 1)], Revenue(h));
        Assert.Equal([(100, 1), (40, 1)], Revenue(h.Checkpoint()));

        static (double, int)[] Revenue(EngineHarness h) =>
            [.. h.Snapshot.Accounts.OrderBy(a => a.CrmAccountId, StringComparer.Ordinal).Select(a => (a.Revenue, a.Orders))];

        static IncomingEvent Order(string id, int minute, double amount) =>
            Ev.Make(id, minute, EventSource.Web, EventCatalog.OrderCompleted, phone: "+79161110001", orderId: id, amount: amount);
    }

    [Fact]
    public void Resolve_JobChange_IsLoggedOnceWithTheEventThatShowedIt()
    {
        var h = MovedInTheSecondBatch().Batch(Ev.Make("late", 300, EventSource.Email, "email_opened", email: "anna@vasilek.ru"));

        var move = Assert.Single(h.JobChanges);
        Assert.Equal((h.AccountOf("crm_account_id", "A-1"), h.AccountOf("crm_account_id", "A-2")), (move.FromAccountId, move.ToAccountId));
        Assert.Equal((Ev.At(100), Ev.At(20), "c-new"), (move.FirstSeenAtNew, move.LastSeenAtOld, move.EventId));
        Assert.Equal(h.ProfileOf("crm_contact_id", "C-1"), move.ProfileId);
    }

    [Fact]
    public void Resolve_SecondMoveInALaterBatch_IsLoggedToo()
    {
        // The person's ids and their first two employers' stay the same: their periods are what changed.
        var h = MovedInTheSecondBatch().Batch(
            Ev.Make("c-third", 200, EventSource.Crm, "contact_updated", crm: "C-1", email: "anna@lilia.ru", accountId: "A-3"),
            Ev.Make("mail-third", 210, EventSource.Email, "email_opened", email: "anna@lilia.ru"));

        Assert.Equal(
            [(h.AccountOf("crm_account_id", "A-1"), h.AccountOf("crm_account_id", "A-2"), "c-new"),
             (h.AccountOf("crm_account_id", "A-2"), h.AccountOf("crm_account_id", "A-3"), "c-third")],
            h.JobChanges.Select(m => ((string?)m.FromAccountId, (string?)m.ToAccountId, m.EventId)));
    }

    [Fact]
    public void Resolve_EvidenceAtTwoAccountsAtOnce_IsNoMove()
    {
        var h = new EngineHarness().Batch(
            Ev.Make("a", 1, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"),
            Ev.Make("b", 2, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-2"),
            Ev.Make("c", 3, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"),
            Ev.Make("d", 4, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-2"),
            Ev.Make("e", 5, EventSource.Crm, "contact_updated", crm: "C-1", accountId: "A-1"));

        Assert.Empty(h.JobChanges);
        Assert.Single(h.Snapshot.Employments);
        Assert.Equal(h.AccountOf("crm_account_id", "A-1"), h.Snapshot.Profiles.Single().AccountId);
    }

    /// <summary>Anna at Romashka (CRM contact C-1, mobile), then at Vasilek with a new address; she keeps her mobile and CRM contact.</summary>
    /// <summary><see cref="JobChangeEvents"/>: those before the move in a first batch, the rest in a second.</summary>
    private static EngineHarness MovedInTheSecondBatch()
    {
        var events = JobChangeEvents();
        return new EngineHarness()
            .Batch([.. events.Where(e => e.OccurredAt < Ev.At(100))])
            .Batch([.. events.Where(e => e.OccurredAt >= Ev.At(100))]);
    }

    private static IncomingEvent[] JobChangeEvents() =>
    [
        Ev.Make("c-old", 10, EventSource.Crm, "contact_updated", crm: "C-1", email: "anna@romashka.ru", phone: "+79161110001", accountId: "A-1"),
        Ev.Make("mail-old", 20, EventSource.Email, "email_opened", email: "anna@romashka.ru"),
        Ev.Make("call-before", 50, EventSource.Call, "call_completed", phone: "+79161110001"),
        Ev.Make("c-new", 100, EventSource.Crm, "contact_updated", crm: "C-1", email: "anna@vasilek.ru", phone: "+79161110001", accountId: "A-2"),
        Ev.Make("mail-new", 110, EventSource.Email, "email_opened", email: "anna@vasilek.ru"),
        Ev.Make("call-after", 150, EventSource.Call, "call_completed", phone: "+79161110001"),
    ];
}
