using Spectre.Console;

namespace ProfileUnifier.Cli;

/// <summary>Where a verb writes: results to <see cref="Out"/>, logs and errors to <see cref="Error"/>.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error, IAnsiConsole ui)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Terminal());

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Tables and progress bars (on the output stream).</summary>
    public IAnsiConsole Ui { get; } = ui;

    /// <summary>
    /// The process's console. Piped into a file or another program there is no terminal width to fit, so tables get
    /// as wide as their content instead of wrapping at 80 columns.
    /// </summary>
    private static IAnsiConsole Terminal()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 1024;
        }

        return console;
    }

    /// <summary>A console that writes plain text (no colours, no live progress) into the given writers, as wide as a pipe's.</summary>
    public static CliConsole Capture(TextWriter output, TextWriter error)
    {
        var ui = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        ui.Profile.Width = 1024;
        return new(output, error, ui);
    }
}
