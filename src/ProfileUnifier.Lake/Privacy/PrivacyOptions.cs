namespace ProfileUnifier.Lake.Privacy;

/// <summary>
/// The key that makes erasure stick and pseudonyms safe (section <c>Privacy</c>): from the environment
/// (<c>PROFILEUNIFIER_Privacy__Key</c>) or a secret file (<c>Privacy:KeyFile</c>, outside the lake), never from the lake.
/// </summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>The key itself (at least 32 bytes; e.g. <c>openssl rand -hex 32</c>). Prefer the environment to a settings file.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the key (its first line), readable by the service's user only.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// BI-facing tables hold keyed hashes instead of people's identifiers and names, the clear values only in the restricted
    /// table <c>_restricted/identifiers</c> (docs/privacy.md). Chosen when a lake is created (the lake records it), with a key.
    /// </summary>
    public bool Pseudonymise { get; set; }

    public bool HasKey => !string.IsNullOrEmpty(Key) || !string.IsNullOrEmpty(KeyFile);
}
