using System.Diagnostics;
using ProfileUnifier.Cli;

namespace ProfileUnifier.Tests;

/// <summary>Runs a verb in-process with captured output, or the built executable as a child process.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ProfileUnifierCli.InvokeAsync(args, CliConsole.Capture(output, error));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The real process: `dotnet profileunifier.dll args`, from the test's output folder.</summary>
    public static Task<(int Exit, string Out, string Error)> ProcessAsync(string workingDirectory, params string[] args) =>
        ProcessAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>The real process with more environment variables (PROFILEUNIFIER_* settings).</summary>
    public static async Task<(int Exit, string Out, string Error)> ProcessAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "profileunifier.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
