using System.Text;
using Microsoft.Extensions.Options;
using ProfileUnifier.Core.Privacy;

namespace ProfileUnifier.Lake.Privacy;

/// <summary>Checks the privacy settings at start-up, each problem in one sentence that never shows the key.</summary>
public sealed class PrivacyOptionsValidator(IOptions<LakeOptions> lake) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.Key) && !string.IsNullOrEmpty(options.KeyFile))
        {
            failures.Add("set Privacy:Key or Privacy:KeyFile, not both");
        }
        else if (!string.IsNullOrEmpty(options.KeyFile))
        {
            var file = Path.GetFullPath(options.KeyFile);
            var root = Path.GetFullPath(lake.Value.Root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (file.StartsWith(root, StringComparison.Ordinal))
            {
                failures.Add("Privacy:KeyFile is inside the lake: keep the key apart from the data it protects");
            }
            else if (!File.Exists(file))
            {
                failures.Add($"Privacy:KeyFile {file} does not exist");
            }
            else if (PrivacyKey.Read(options) is { } key && key.Length < Pseudonymizer.MinimumKeyBytes)
            {
                failures.Add($"the key in Privacy:KeyFile has fewer than {Pseudonymizer.MinimumKeyBytes} bytes (make one with: openssl rand -hex 32)");
            }
        }
        else if (!string.IsNullOrEmpty(options.Key) && Encoding.UTF8.GetByteCount(options.Key.Trim()) < Pseudonymizer.MinimumKeyBytes)
        {
            failures.Add($"Privacy:Key has fewer than {Pseudonymizer.MinimumKeyBytes} bytes (make one with: openssl rand -hex 32)");
        }

        if (options.Pseudonymise && !options.HasKey)
        {
            failures.Add("Privacy:Pseudonymise needs a key: set PROFILEUNIFIER_Privacy__Key (or Privacy:KeyFile; make one with: openssl rand -hex 32)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
