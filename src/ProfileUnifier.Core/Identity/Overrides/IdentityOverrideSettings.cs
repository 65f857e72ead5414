namespace ProfileUnifier.Core.Identity.Overrides;

/// <summary>
/// Reviewed corrections to identity resolution (section <c>Identity:Overrides</c>; <c>config/identity-overrides.json</c>
/// is an example to pass with <c>--config</c>). Identifiers are written <c>type:value</c> and normalised as ingestion
/// normalises them. Changing them and running <c>ingest</c> or <c>run</c> again applies them to all history.
/// </summary>
public sealed class IdentityOverrideSettings
{
    /// <summary>Values that never link anything (a known shared phone, a test inbox): as if seen with too many people.</summary>
    public List<OverrideValue> NeverLink { get; set; } = [];

    /// <summary>Pairs of identifiers that must never be in one profile.</summary>
    public List<OverridePair> NeverTogether { get; set; } = [];

    /// <summary>Pairs of identifiers that are one person, whatever else the events say.</summary>
    public List<OverridePair> MustLink { get; set; } = [];
}

public sealed class OverrideValue
{
    public string Identifier { get; set; } = "";

    /// <summary>Why (who reviewed it, the ticket): kept with the rule in the lake and shown by <c>explain</c>.</summary>
    public string? Note { get; set; }
}

public sealed class OverridePair
{
    public string A { get; set; } = "";
    public string B { get; set; } = "";
    public string? Note { get; set; }
}
