using System.Collections;
using Microsoft.Extensions.Logging;

namespace Notifications.ServiceDefaults.Logging;

/// <summary>
/// A logger that hands its providers nothing shaped like a phone number: a message or scope whose values
/// (a request path such as <c>/api/consents/+14155550123</c> in ASP.NET Core's "Request starting" line and
/// its <c>RequestPath</c> scope, a query string, an exception's text) hold one is passed on as a
/// <see cref="RedactedLogState"/>, and such an exception as a <see cref="RedactedException"/>.
/// What holds none is passed on untouched; numbers, dates and ids are never inspected.
/// </summary>
public sealed class PhoneRedactingLogger(ILogger inner) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull =>
        ScopeHasPhoneNumber(state) ? inner.BeginScope(RedactedLogState.Of(state, state.ToString() ?? string.Empty)) : inner.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var passedException = exception is not null && PhoneNumberRedactionProcessor.ContainsPhoneNumber(exception.ToString())
            ? new RedactedException(exception)
            : exception;
        if (StateHasPhoneNumber(state, exception, formatter))
        {
            inner.Log(logLevel, eventId, RedactedLogState.Of(state, formatter(state, exception)), passedException, static (redacted, _) => redacted.ToString());
        }
        else if (ReferenceEquals(passedException, exception))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
        else
        {
            inner.Log(logLevel, eventId, state, passedException, (original, _) => PhoneNumberRedactionProcessor.Redact(formatter(original, exception)));
        }
    }

    private static bool StateHasPhoneNumber<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        state is IEnumerable<KeyValuePair<string, object?>> values
            ? values.Any(value => HasPhoneNumber(value.Value))
            : PhoneNumberRedactionProcessor.ContainsPhoneNumber(formatter(state, exception));

    private static bool ScopeHasPhoneNumber<TState>(TState state) => state switch
    {
        IEnumerable<KeyValuePair<string, object?>> values => values.Any(value => HasPhoneNumber(value.Value)),
        _ => HasPhoneNumber(state),
    };

    /// <summary>Strings, and anything written as text (paths, URIs, lists of them); never numbers, dates or ids.</summary>
    internal static bool HasPhoneNumber(object? value) => value switch
    {
        null or IFormattable or bool => false,
        string text => PhoneNumberRedactionProcessor.ContainsPhoneNumber(text),
        IEnumerable items => items.Cast<object?>().Any(HasPhoneNumber),
        _ => value.ToString() is { } text && PhoneNumberRedactionProcessor.ContainsPhoneNumber(text),
    };
}
