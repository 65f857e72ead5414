using Microsoft.Extensions.Logging;

namespace ProfileUnifier.Cli;

/// <summary>Logs as plain lines on the CLI's error stream, so results on the output stream stay clean.</summary>
internal sealed class CliLoggerProvider(TextWriter error) : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly TextWriter _error = error;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CliLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Critical => "crit",
                LogLevel.Error => "fail",
                LogLevel.Warning => "warn",
                LogLevel.Information => "info",
                _ => "dbug",
            };
            var message = formatter(state, exception);
            if (category == "Microsoft.Extensions.Hosting.Internal.Host" && message == "Hosting failed to start")
            {
                // The exception reaches the verb, which says what went wrong in one line (CliAction).
                return;
            }

            var name = category[(category.LastIndexOf('.') + 1)..];
            lock (provider._gate)
            {
                provider._error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {level} {name}: {message}");
                if (exception is not null && logLevel >= LogLevel.Error)
                {
                    provider._error.WriteLine(exception.ToString());
                }
            }
        }
    }
}
