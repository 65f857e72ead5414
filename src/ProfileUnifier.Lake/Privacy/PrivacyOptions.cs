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
    /// Meant for BI-facing tables holding keyed hashes instead of identifiers, the clear values in one restricted table (issue
    /// 15, item 3). Not implemented: true is refused at start-up rather than silently ignored. The lake's marker already
    /// records the mode, so a lake will be pseudonymised throughout or not at all.
    /// </summary>
    public bool Pseudonymise { get; set; }

    public bool HasKey => !string.IsNullOrEmpty(Key) || !string.IsNullOrEmpty(KeyFile);
}
