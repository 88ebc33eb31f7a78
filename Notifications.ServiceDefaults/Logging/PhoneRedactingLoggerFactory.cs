using Microsoft.Extensions.Logging;

namespace Notifications.ServiceDefaults.Logging;

/// <summary>
/// Wraps the host's <see cref="ILoggerFactory"/> so that no phone number reaches any logging provider
/// (console, OpenTelemetry, debug, event source), at any level: every logger it creates passes its
/// messages, their values, their exceptions and the scopes begun on it through
/// <see cref="PhoneNumberRedactionProcessor.Redact"/> (see <see cref="PhoneRedactingLogger"/>).
/// Wrapping the factory rather than each provider keeps the per-provider filters
/// (<c>Logging:Console:LogLevel</c>...) working as they do.
/// </summary>
public sealed class PhoneRedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new PhoneRedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
