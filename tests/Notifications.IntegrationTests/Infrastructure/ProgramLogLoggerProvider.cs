using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// Writes a test host's log (the AppHost's and, through it, every resource's) to one <see cref="ProgramLog"/> file
/// instead of the console, so that the test output holds only results.
/// </summary>
internal sealed class ProgramLogLoggerProvider(ProgramLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new FileLogger(log, categoryName);

    public void Dispose() => log.Dispose();

    private sealed class FileLogger(ProgramLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {text}");
            if (exception is not null)
            {
                log.WriteLine(exception.ToString());
            }
        }
    }
}
