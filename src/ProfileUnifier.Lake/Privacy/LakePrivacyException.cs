namespace ProfileUnifier.Lake.Privacy;

/// <summary>The privacy settings do not fit the lake (no key where erased people must be kept out, another key, a mode change).</summary>
public sealed class LakePrivacyException(string message) : Exception(message);
