namespace Notifications.ServiceDefaults.Logging;

/// <summary>
/// Stands in, in a log record, for an exception whose text holds a phone number: its message and its
/// full text (<see cref="ToString"/>, which console and OpenTelemetry write: the original type, message,
/// inner exceptions and stack) with the numbers replaced. Never thrown.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text = string.Empty;
    private readonly string? _stackTrace;

    public RedactedException()
    {
    }

    public RedactedException(string message)
        : base(message)
    {
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The redacted stand-in for <paramref name="original"/> (which it does not keep).</summary>
    public RedactedException(Exception original)
        : base(PhoneNumberRedactionProcessor.Redact(original?.Message ?? string.Empty))
    {
        ArgumentNullException.ThrowIfNull(original);
        OriginalType = original.GetType().FullName;
        HResult = original.HResult;
        _text = PhoneNumberRedactionProcessor.Redact(original.ToString());
        _stackTrace = original.StackTrace;
    }

    /// <summary>The full name of the exception's type as thrown.</summary>
    public string? OriginalType { get; }

    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    public override string ToString() => _text.Length > 0 ? _text : base.ToString();
}
