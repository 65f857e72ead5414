using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ProfileUnifier.Ingestion.Tests;

/// <summary>Worker logs on stderr when TEST_LOGS=1 (for investigating a failing test), else nowhere.</summary>
internal static class TestLog
{
    public static ILogger Create(string name) =>
        Environment.GetEnvironmentVariable("TEST_LOGS") == "1" ? new StderrLogger(name) : NullLogger.Instance;

    private sealed class StderrLogger(string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {name}: {formatter(state, exception)} {exception?.GetType().Name}");
    }
}
