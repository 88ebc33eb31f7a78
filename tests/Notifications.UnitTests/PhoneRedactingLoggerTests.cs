using Microsoft.Extensions.Logging;
using Notifications.ServiceDefaults.Logging;

namespace Notifications.UnitTests;

public sealed class PhoneRedactingLoggerTests
{
    [Fact]
    public void Log_MessageValuesScopeAndException_ReachTheProviderWithoutPhoneNumbers()
    {
        var provider = new CapturingProvider();
        using var factory = new PhoneRedactingLoggerFactory(LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(provider)));
        var logger = factory.CreateLogger("test");

        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestPath"] = "/api/consents/%2B14155550123", ["RequestId"] = "r1" }))
        {
            logger.LogDebug(new InvalidOperationException("no consent for +14155550123"), "Looking up {Phone} for {Count}", "+14155550123", 3);
        }

        var record = Assert.Single(provider.Records);
        Assert.Equal("Looking up [phone] for 3", record.Message);
        Assert.Contains(record.Values, v => v.Key == "Phone" && (string?)v.Value == "[phone]");
        Assert.Contains(record.Values, v => v.Key == "Count" && v.Value is 3);
        Assert.Contains("RequestPath:/api/consents/[phone]", record.Scopes, StringComparison.Ordinal);
        Assert.Contains("no consent for [phone]", record.Exception, StringComparison.Ordinal);
        Assert.DoesNotContain("4155550123", record.Message + record.Scopes + record.Exception + string.Join(",", record.Values), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_WithoutPhoneNumbers_PassesTheStateUntouched()
    {
        var provider = new CapturingProvider();
        using var factory = new PhoneRedactingLoggerFactory(LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(provider)));
        var exception = new InvalidOperationException("timestamp 1732999999999");
        factory.CreateLogger("test").LogWarning(exception, "Batch {Id} of {Count}", Guid.Empty, 12);

        var record = Assert.Single(provider.Records);
        Assert.Equal($"Batch {Guid.Empty} of 12", record.Message);
        Assert.Same(exception, record.Original);
    }

    private sealed record Captured(string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, string Scopes, string Exception, Exception? Original);

    private sealed class CapturingProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public List<Captured> Records { get; } = [];

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(CapturingProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                provider._scopes.ForEachScope((scope, list) => list.Add(scope is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(" ", pairs.Select(p => $"{p.Key}:{p.Value}"))
                    : scope?.ToString() ?? string.Empty), scopes);
                var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
                provider.Records.Add(new Captured(formatter(state, exception), values.ToList(), string.Join(" => ", scopes), exception?.ToString() ?? string.Empty, exception));
            }
        }
    }
}
