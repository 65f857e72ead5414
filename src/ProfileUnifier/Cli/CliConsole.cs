using Spectre.Console;

namespace ProfileUnifier.Cli;

/// <summary>Where a verb writes: results to <see cref="Out"/>, logs and errors to <see cref="Error"/>.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error, IAnsiConsole ui)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, AnsiConsole.Console);

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Tables and progress bars (on the output stream).</summary>
    public IAnsiConsole Ui { get; } = ui;

    /// <summary>A console that writes plain text (no colours, no live progress) into the given writers.</summary>
    public static CliConsole Capture(TextWriter output, TextWriter error) => new(output, error, AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(output),
    }));
}
