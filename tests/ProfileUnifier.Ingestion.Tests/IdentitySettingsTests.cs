using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProfileUnifier.Core.Identity;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>Section <c>Identity</c> as the host binds it from JSON settings: lists replace their defaults; bad overrides stop the start.</summary>
public sealed class IdentitySettingsTests
{
    /// <summary>Every string list of IdentityRules, found by reflection so that a list added later is covered too.</summary>
    public static TheoryData<string> Lists()
    {
        var data = new TheoryData<string>();
        foreach (var property in typeof(IdentityRules).GetProperties().Where(p => p.PropertyType == typeof(List<string>)))
        {
            data.Add(property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Bind_ListGiven_ReplacesTheDefaults(string list)
    {
        // Values each list accepts: a configured list is validated like the defaults.
        string[] given = list switch
        {
            nameof(IdentityRules.AccountLevelPhonePrefixes) => ["+7999", "+7812"],
            nameof(IdentityRules.FreeMailDomains) => ["zz-mail.example", "post.example"],
            _ => ["zz-only", "yy-only"],
        };

        var rules = Bind($$"""{ "Identity": { "{{list}}": [ "{{given[0]}}", "{{given[1]}}" ] } }""");

        Assert.Equal(given, Values(rules, list));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Bind_EmptyListGiven_LeavesNone(string list)
    {
        var rules = Bind($$"""{ "Identity": { "{{list}}": [] } }""");

        Assert.Empty(Values(rules, list));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void Bind_ListNotGiven_KeepsTheDefaults(string list)
    {
        var rules = Bind("""{ "Identity": { "MaxEmailsPerIdentifier": 4 } }""");

        Assert.NotEmpty(Values(rules, list));
        Assert.Equal(Values(new IdentityRules(), list), Values(rules, list));
    }

    [Fact]
    public void Bind_Overrides_AreReadAndNormalised()
    {
        var rules = Bind("""
            { "Identity": { "Overrides": {
                "NeverLink": [ { "Identifier": "phone:8 (495) 000-12-34", "Note": "reception" } ],
                "MustLink": [ { "A": "crm_contact_id:C-1", "B": "email:Ivan@Romashka.ru" } ] } } }
            """);

        var overrides = Core.Identity.Overrides.IdentityOverrides.Parse(rules.Overrides, new IdentifierNormalizer(rules));
        Assert.Equal(["never_link office_phone:+74950001234 (reception)", "must_link crm_contact_id:C-1 and email:ivan@romashka.ru"],
            overrides.Rules.Select(r => r.ToString()));
    }

    [Fact]
    public void Bind_BadOverride_StopsTheStartListingEveryProblem()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind("""
            { "Identity": { "Overrides": {
                "NeverLink": [ { "Identifier": "fax:123" } ],
                "NeverTogether": [ { "A": "email:a@romashka.ru", "B": "email:A@Romashka.ru" } ] } } }
            """));

        Assert.Contains(error.Failures, f => f.Contains("NeverLink:0", StringComparison.Ordinal) && f.Contains("unknown identifier type", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("NeverTogether:0", StringComparison.Ordinal) && f.Contains("the same identifier", StringComparison.Ordinal));
    }

    private static IdentityRules Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddIngestion().BuildServiceProvider();
        return services.GetRequiredService<IOptions<IdentityRules>>().Value;
    }

    private static List<string> Values(IdentityRules rules, string list) => (List<string>)typeof(IdentityRules).GetProperty(list)!.GetValue(rules)!;
}
