using Notifications.Core.Phones;

namespace Notifications.Api.Http;

/// <summary>Collects field errors for a <c>400 application/problem+json</c> answer.</summary>
internal sealed class Validation
{
    /// <summary>
    /// The longest phone number accepted as typed (E.164 with spaces, dashes and brackets); the normalised form is
    /// at most 16 characters.
    /// </summary>
    public const int MaxPhoneInputLength = 40;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>
    /// Checks free text bound for a column of <paramref name="maxLength"/> characters: not longer, and storable
    /// (PostgreSQL text holds no NUL character, and UTF-8 no unpaired surrogate). Null passes.
    /// </summary>
    /// <returns>Whether the value is acceptable.</returns>
    public bool Text(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"Must be at most {maxLength} characters.");
            return false;
        }

        if (!IsStorable(value))
        {
            Add(field, "Must not contain NUL or unpaired surrogate characters.");
            return false;
        }

        return true;
    }

    /// <summary>A phone number in international form, normalised to E.164 (at most <paramref name="maxLength"/> characters); null with an error otherwise.</summary>
    public string? Phone(string field, string? input, int maxLength) => Phone(field, input, maxLength, out _);

    /// <inheritdoc cref="Phone(string, string?, int)"/>
    public string? Phone(string field, string? input, int maxLength, out string? region)
    {
        region = null;
        if (input is { Length: > MaxPhoneInputLength }
            || (input is not null && !IsStorable(input))
            || !PhoneNumberNormalizer.TryNormalize(input, out var e164, out var country)
            || e164.Length > maxLength)
        {
            Add(field, PhoneNumberNormalizer.ValidationMessage);
            return null;
        }

        region = country;
        return e164;
    }

    private static bool IsStorable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
