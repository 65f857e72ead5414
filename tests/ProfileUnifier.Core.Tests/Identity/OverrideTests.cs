using ProfileUnifier.Core.Events;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Overrides;
using ProfileUnifier.Core.Tests.Support;

namespace ProfileUnifier.Core.Tests.Identity;

/// <summary>Each kind of override, given from the start or applied later to history (logged as "override").</summary>
public sealed class OverrideTests
{
    private static readonly IncomingEvent[] TwoPeopleOnOnePhone =
    [
        Ev.Make("1", 1, email: "anna@gmail.com", phone: "+79160000001"),
        Ev.Make("2", 2, email: "boris@mail.ru", phone: "+79160000001"),
    ];

    private static readonly IncomingEvent[] CrmContactAndLoginNeverTogether =
    [
        Ev.Make("1", 1, EventSource.Crm, "contact_updated", crm: "C-1", email: "anna@romashka.ru"),
        Ev.Make("2", 2, EventSource.App, "session_started", user: "u-9", cookie: "ck-9"),
    ];

    [Fact]
    public void Resolve_NeverLinkValue_LinksNobodyAndSaysWhy()
    {
        var h = new EngineHarness(Rules(neverLink: ["phone:8 916 000-00-01"])).Batch(TwoPeopleOnOnePhone);

        Assert.NotEqual(h.ProfileOf("email", "anna@gmail.com"), h.ProfileOf("email", "boris@mail.ru"));
        var phone = h.Identity("phone", "+79160000001");
        Assert.True(phone.IsShared);
        Assert.Null(phone.ProfileId);
        Assert.StartsWith("override: never_link phone:+79160000001", phone.SharedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NeverTogetherPair_KeepsThemApartMarkingNothingShared()
    {
        var h = new EngineHarness(Rules(neverTogether: [("email:anna@gmail.com", "email:boris@mail.ru")])).Batch(TwoPeopleOnOnePhone);

        Assert.NotEqual(h.ProfileOf("email", "anna@gmail.com"), h.ProfileOf("email", "boris@mail.ru"));
        Assert.DoesNotContain(h.Snapshot.Identities, i => i.IsShared);
    }

    [Fact]
    public void Resolve_MustLinkPair_IsOnePersonThoughNoEventJoinsThem()
    {
        var h = new EngineHarness(Rules(mustLink: [("crm_contact_id:C-1", "user_id:u-9")])).Batch(CrmContactAndLoginNeverTogether);

        Assert.Single(h.Snapshot.Profiles);
        Assert.Equal(h.ProfileOf("crm_contact_id", "C-1"), h.ProfileOf("anonymous_id", "ck-9"));
    }

    [Fact]
    public void Resolve_MustLinkTwoCrmContacts_OverridesOneCrmIdPerPerson()
    {
        var h = new EngineHarness(Rules(mustLink: [("crm_contact_id:C-1", "crm_contact_id:C-2")])).Batch(
            Ev.Make("1", 1, EventSource.Crm, "contact_updated", crm: "C-1", email: "anna@romashka.ru"),
            Ev.Make("2", 2, EventSource.Crm, "contact_updated", crm: "C-2", email: "anna.k@romashka.ru"));

        Assert.Single(h.Snapshot.Profiles);
    }

    [Fact]
    public void ApplyOverrides_Later_SameAsFromTheStartAndLoggedAsOverride()
    {
        var rules = Rules(neverLink: ["phone:+79160000001"], mustLink: [("crm_contact_id:C-1", "user_id:u-9")]);
        IncomingEvent[] events = [.. TwoPeopleOnOnePhone, .. CrmContactAndLoginNeverTogether.Select(e => e with { EventId = "x" + e.EventId })];
        var fromStart = new EngineHarness(rules).Batch(events);
        var later = new EngineHarness().Batch(events);
        later.Changes.Clear();

        later.Engine.ApplyOverrides(IdentityOverrides.Parse(rules.Overrides, later.Engine.Normalizer));
        later.Batch();

        Assert.Equal(fromStart.Render(), later.Render());
        Assert.Equal([ChangeKind.Merge, ChangeKind.Split], later.Changes.Select(c => c.Kind).Order());
        Assert.All(later.Changes, c => Assert.StartsWith("override: ", c.Reason, StringComparison.Ordinal));
        Assert.Contains(later.Changes, c => c.Reason.Contains("must_link crm_contact_id:C-1 and user_id:u-9", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplyOverrides_RuleRemoved_UndoesWhatItDid()
    {
        var h = new EngineHarness(Rules(neverLink: ["phone:+79160000001"])).Batch(TwoPeopleOnOnePhone);

        h.Engine.ApplyOverrides(IdentityOverrides.Empty);
        h.Batch();

        Assert.Equal(new EngineHarness().Batch(TwoPeopleOnOnePhone).Render(), h.Render());
        Assert.Contains(h.Changes, c => c.Kind == ChangeKind.Merge && c.Reason.StartsWith("override: never_link", StringComparison.Ordinal));
    }

    private static IdentityRules Rules(string[]? neverLink = null, (string A, string B)[]? neverTogether = null, (string A, string B)[]? mustLink = null) => new()
    {
        Overrides = new IdentityOverrideSettings
        {
            NeverLink = [.. (neverLink ?? []).Select(v => new OverrideValue { Identifier = v })],
            NeverTogether = [.. (neverTogether ?? []).Select(p => new OverridePair { A = p.A, B = p.B })],
            MustLink = [.. (mustLink ?? []).Select(p => new OverridePair { A = p.A, B = p.B })],
        },
    };
}
