using Microsoft.Extensions.Options;
using ProfileUnifier.Core.Identity;
using ProfileUnifier.Core.Identity.Overrides;

namespace ProfileUnifier.Ingestion;

/// <summary>Rejects identity settings the engine cannot work with, at start, listing every problem (overrides included).</summary>
public sealed class IdentityRulesValidator : IValidateOptions<IdentityRules>
{
    public ValidateOptionsResult Validate(string? name, IdentityRules rules)
    {
        var errors = new List<string>();
        if (!rules.RoleMailboxes.All(r => r.Trim().Length > 0 && !r.Contains('@', StringComparison.Ordinal)))
        {
            errors.Add("Identity:RoleMailboxes are local parts like \"info\" (no '@', not empty)");
        }

        if (!rules.FreeMailDomains.All(d => d.Contains('.', StringComparison.Ordinal) && !d.Contains('@', StringComparison.Ordinal)))
        {
            errors.Add("Identity:FreeMailDomains are domains like \"gmail.com\"");
        }

        if (!rules.AccountLevelPhonePrefixes.All(p => p.Trim().StartsWith('+') && p.Trim().Skip(1).All(char.IsAsciiDigit)))
        {
            errors.Add("Identity:AccountLevelPhonePrefixes are E.164 beginnings like \"+7495\"");
        }

        IdentityOverrides.TryParse(rules.Overrides, new IdentifierNormalizer(rules), out var problems);
        errors.AddRange(problems);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
