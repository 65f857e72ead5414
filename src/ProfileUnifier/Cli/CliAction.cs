using Microsoft.Extensions.Options;
using ProfileUnifier.Ingestion.Erasure;
using ProfileUnifier.Lake.Commit;
using ProfileUnifier.Lake.Privacy;
using ProfileUnifier.Query;

namespace ProfileUnifier.Cli;

/// <summary>Runs a verb's work and turns failures into a one-line message and an exit code, never a stack trace.</summary>
internal static class CliAction
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int BadLake = 3;
    public const int Fenced = 4;
    public const int NotFound = 5;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception ex) when (ValidationFailures(ex) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await console.Error.WriteLineAsync($"error: invalid configuration: {failure}");
            }

            return BadInput;
        }
        catch (Exception ex) when (SettingError.Describe(ex) is { } setting)
        {
            await console.Error.WriteLineAsync($"error: invalid configuration: {setting}");
            return BadInput;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}");
            return BadInput;
        }
        catch (LakeQueryException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}");
            return BadInput;
        }
        catch (NotFoundException ex)
        {
            await console.Error.WriteLineAsync($"not found: {ex.Message}");
            return NotFound;
        }
        catch (PersonNotFoundException ex)
        {
            await console.Error.WriteLineAsync($"not found: {ex.Message}");
            return NotFound;
        }
        catch (LakePrivacyException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}");
            return BadInput;
        }
        catch (ErasureRefusedException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}");
            return Failed;
        }
        catch (InvalidDataException ex)
        {
            await console.Error.WriteLineAsync($"error: the lake is damaged or not a ProfileUnifier lake: {ex.Message}");
            return BadLake;
        }
        catch (LakeConflictException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}");
            return Fenced;
        }
        catch (LakeBusyException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}");
            return Fenced;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("cancelled; everything committed so far is in the lake");
            return Cancelled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}");
            return Failed;
        }
        catch (Exception ex)
        {
            // A bug, not a user's mistake: still one line, with what a report of it needs.
            await console.Error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message.Split('\n')[0]} (please report it with the command line)");
            return Failed;
        }
    }

    /// <summary>Every options validation failure, whether thrown alone or gathered by the start-up validator.</summary>
    private static List<string> ValidationFailures(Exception ex) => ex switch
    {
        OptionsValidationException single => [.. single.Failures],
        AggregateException many => [.. many.InnerExceptions.SelectMany(ValidationFailures)],
        _ => [],
    };
}
