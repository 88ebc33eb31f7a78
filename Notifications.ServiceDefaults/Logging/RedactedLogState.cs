using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Notifications.ServiceDefaults.Logging;

/// <summary>
/// A log message or scope with its phone numbers replaced: its values (those that hold a number written
/// as text, as strings) and its text. Providers see the same names as in the original, so structured
/// logs keep their shape.
/// </summary>
public sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _values;
    private readonly string _text;

    private RedactedLogState(KeyValuePair<string, object?>[] values, string text)
    {
        _values = values;
        _text = text;
    }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>The redacted form of <paramref name="state"/>, whose text is <paramref name="text"/>.</summary>
    public static RedactedLogState Of(object? state, string text)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Select(pair => PhoneRedactingLogger.HasPhoneNumber(pair.Value) ? new KeyValuePair<string, object?>(pair.Key, Redact(pair.Value)) : pair).ToArray()
            : [];
        return new RedactedLogState(values, PhoneNumberRedactionProcessor.Redact(text));
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _text;

    private static string Redact(object? value) => value switch
    {
        string text => PhoneNumberRedactionProcessor.Redact(text),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(item => Redact(item))),
        _ => PhoneNumberRedactionProcessor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };
}
