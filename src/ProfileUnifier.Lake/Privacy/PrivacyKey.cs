using System.Text;
using ProfileUnifier.Core.Privacy;

namespace ProfileUnifier.Lake.Privacy;

/// <summary>Reads the privacy key from the settings (the environment, or the first line of a secret file).</summary>
public static class PrivacyKey
{
    /// <summary>The key's bytes, or null when none is configured.</summary>
    public static byte[]? Read(PrivacyOptions options)
    {
        var text = !string.IsNullOrEmpty(options.Key) ? options.Key
            : !string.IsNullOrEmpty(options.KeyFile) ? File.ReadLines(options.KeyFile).FirstOrDefault() ?? ""
            : null;
        return text is null ? null : Encoding.UTF8.GetBytes(text.Trim());
    }

    /// <summary>The hasher of the configured key, or null when none is configured.</summary>
    public static Pseudonymizer? Hasher(PrivacyOptions options) => Read(options) is { } key ? new Pseudonymizer(key) : null;
}
